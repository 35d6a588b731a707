package dev.sandstone.query.documents;

import dev.sandstone.api.document.event.DocumentArchived;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentContentReplaced;
import dev.sandstone.api.document.event.DocumentContentStored;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentDeleted;
import dev.sandstone.api.document.event.DocumentErased;
import dev.sandstone.api.document.event.DocumentMetadataUpdated;
import dev.sandstone.api.document.event.DocumentPublished;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.event.DocumentRoleRevoked;
import dev.sandstone.query.processors.BatchScope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Builds documents, members and published versions from document events. Every write is conditional on the
 * document's version, so a replayed or retried event is applied at most once.
 *
 * <p>Successive content edits of one document in one processor batch are coalesced: the text is read once (locked
 * for update), each delta is applied to it in memory, and the row is written once with the last version when the
 * batch prepares its commit, inside the batch's transaction (read-your-writes waits for that commit, as before).
 * Any other event of the document first writes what is pending for it, so every other write still finds the
 * document at the version just before its own.
 */
@Component
@ProcessingGroup(DocumentProjection.GROUP)
class DocumentProjection {

    static final String GROUP = "documents";

    private final DocumentReadModel readModel;

    DocumentProjection(DocumentReadModel readModel) {
        this.readModel = readModel;
    }

    @EventHandler
    void on(DocumentCreated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        readModel.insert(event.documentId(), event.title(), event.content(), event.tags(), event.owner(),
                sequence + 1, at);
    }

    @EventHandler
    void on(DocumentContentEdited event, @SequenceNumber long sequence, @Timestamp Instant at) {
        long version = sequence + 1;
        Batch batch = batch();
        if (batch == null) {
            readModel.contentBefore(event.documentId(), version).ifPresent(previous ->
                    readModel.advance(event.documentId(), version, at, "content = :content",
                            Map.of("content", event.delta().apply(previous))));
            return;
        }
        Pending pending = batch.pending.get(event.documentId());
        if (pending == null || pending.version != version - 1) {
            flush(event.documentId());
            Optional<String> previous = readModel.contentBefore(event.documentId(), version);
            if (previous.isEmpty()) {
                return; // applied before (a replay or a retry)
            }
            pending = new Pending(previous.get(), version - 1, at);
            batch.pending.put(event.documentId(), pending);
        }
        pending.content = event.delta().apply(pending.content);
        pending.version = version;
        pending.at = at;
    }

    @EventHandler
    void on(DocumentContentStored event, @SequenceNumber long sequence, @Timestamp Instant at) {
        flush(event.documentId());
        readModel.referenceChunks(event.documentId(), event.chunks(), at);
        readModel.advance(event.documentId(), sequence + 1, at, "content = '', content_chunks = CAST(:chunks AS JSONB), "
                + "content_size = :size, content_sha256 = :sha256", Map.of(
                "chunks", StoredChunks.toJson(event.chunks()), "size", event.size(), "sha256", event.sha256()));
    }

    @EventHandler
    void on(DocumentContentReplaced event, @SequenceNumber long sequence, @Timestamp Instant at) {
        flush(event.documentId());
        readModel.advance(event.documentId(), sequence + 1, at, "content = :content, content_chunks = NULL, "
                + "content_size = NULL, content_sha256 = NULL", Map.of("content", event.content()));
    }

    @EventHandler
    void on(DocumentMetadataUpdated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        flush(event.documentId());
        readModel.advance(event.documentId(), sequence + 1, at, "title = :title, tags = :tags",
                Map.of("title", event.title(), "tags", event.tags().toArray(String[]::new)));
    }

    @EventHandler
    void on(DocumentPublished event, @SequenceNumber long sequence, @Timestamp Instant at) {
        flush(event.documentId());
        readModel.publish(event.documentId(), event.publishedVersion(), event.documentVersion(),
                event.publishedBy(), at);
        readModel.advance(event.documentId(), sequence + 1, at,
                "status = 'PUBLISHED', latest_published_version = :n", Map.of("n", event.publishedVersion()));
    }

    @EventHandler
    void on(DocumentArchived event, @SequenceNumber long sequence, @Timestamp Instant at) {
        flush(event.documentId());
        readModel.advance(event.documentId(), sequence + 1, at, "status = 'ARCHIVED'", Map.of());
    }

    @EventHandler
    void on(DocumentDeleted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        flush(event.documentId());
        readModel.advance(event.documentId(), sequence + 1, at, "deleted = TRUE", Map.of());
    }

    @EventHandler
    void on(DocumentRoleGranted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        flush(event.documentId());
        if (readModel.advance(event.documentId(), sequence + 1, at, "", Map.of())) {
            readModel.putMember(event.documentId(), event.userId(), event.role().wireName());
        }
    }

    @EventHandler
    void on(DocumentRoleRevoked event, @SequenceNumber long sequence, @Timestamp Instant at) {
        flush(event.documentId());
        if (readModel.advance(event.documentId(), sequence + 1, at, "", Map.of())) {
            readModel.removeMember(event.documentId(), event.userId(), at);
        }
    }

    /** The last event of an erased document: nothing of it stays, also at the end of a replay. */
    @EventHandler
    void on(DocumentErased event) {
        Batch batch = batch();
        if (batch != null) {
            batch.pending.remove(event.documentId()); // nothing of it is written any more
        }
        readModel.eraseDocument(event.documentId());
    }

    @ResetHandler
    void reset() {
        readModel.clear();
    }

    /** Writes what this batch holds for the document, if anything. */
    private void flush(String id) {
        Batch batch = batch();
        Pending pending = batch == null ? null : batch.pending.remove(id);
        if (pending != null) {
            write(id, pending);
        }
    }

    private void write(String id, Pending pending) {
        readModel.advance(id, pending.version, pending.at, "content = :content", Map.of("content", pending.content));
    }

    /** This batch's pending texts, or null outside a unit of work; written when the batch prepares its commit. */
    private Batch batch() {
        return BatchScope.current(BATCH, Batch::new, batch -> {
            batch.pending.forEach(this::write);
            batch.pending.clear();
        });
    }

    private static final String BATCH = DocumentProjection.class.getName() + ".batch";

    /** The texts a batch has edited and not written yet, by document. */
    private static final class Batch {
        private final Map<String, Pending> pending = new LinkedHashMap<>();
    }

    /** A document's text after the batch's edits so far, at {@code version}. */
    private static final class Pending {
        private String content;
        private long version;
        private Instant at;

        Pending(String content, long version, Instant at) {
            this.content = content;
            this.version = version;
            this.at = at;
        }
    }
}
