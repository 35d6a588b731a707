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
import java.time.Instant;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Builds documents, members and published versions from document events. Every write is conditional on the
 * document's version, so a replayed or retried event is applied at most once.
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
        readModel.contentBefore(event.documentId(), version).ifPresent(previous ->
                readModel.advance(event.documentId(), version, at, "content = :content",
                        Map.of("content", event.delta().apply(previous))));
    }

    @EventHandler
    void on(DocumentContentStored event, @SequenceNumber long sequence, @Timestamp Instant at) {
        readModel.referenceChunks(event.documentId(), event.chunks(), at);
        readModel.advance(event.documentId(), sequence + 1, at, "content = '', content_chunks = CAST(:chunks AS JSONB), "
                + "content_size = :size, content_sha256 = :sha256", Map.of(
                "chunks", StoredChunks.toJson(event.chunks()), "size", event.size(), "sha256", event.sha256()));
    }

    @EventHandler
    void on(DocumentContentReplaced event, @SequenceNumber long sequence, @Timestamp Instant at) {
        readModel.advance(event.documentId(), sequence + 1, at, "content = :content, content_chunks = NULL, "
                + "content_size = NULL, content_sha256 = NULL", Map.of("content", event.content()));
    }

    @EventHandler
    void on(DocumentMetadataUpdated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        readModel.advance(event.documentId(), sequence + 1, at, "title = :title, tags = :tags",
                Map.of("title", event.title(), "tags", event.tags().toArray(String[]::new)));
    }

    @EventHandler
    void on(DocumentPublished event, @SequenceNumber long sequence, @Timestamp Instant at) {
        readModel.publish(event.documentId(), event.publishedVersion(), event.documentVersion(),
                event.publishedBy(), at);
        readModel.advance(event.documentId(), sequence + 1, at,
                "status = 'PUBLISHED', latest_published_version = :n", Map.of("n", event.publishedVersion()));
    }

    @EventHandler
    void on(DocumentArchived event, @SequenceNumber long sequence, @Timestamp Instant at) {
        readModel.advance(event.documentId(), sequence + 1, at, "status = 'ARCHIVED'", Map.of());
    }

    @EventHandler
    void on(DocumentDeleted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        readModel.advance(event.documentId(), sequence + 1, at, "deleted = TRUE", Map.of());
    }

    @EventHandler
    void on(DocumentRoleGranted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (readModel.advance(event.documentId(), sequence + 1, at, "", Map.of())) {
            readModel.putMember(event.documentId(), event.userId(), event.role().wireName());
        }
    }

    @EventHandler
    void on(DocumentRoleRevoked event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (readModel.advance(event.documentId(), sequence + 1, at, "", Map.of())) {
            readModel.removeMember(event.documentId(), event.userId(), at);
        }
    }

    /** The last event of an erased document: nothing of it stays, also at the end of a replay. */
    @EventHandler
    void on(DocumentErased event) {
        readModel.eraseDocument(event.documentId());
    }

    @ResetHandler
    void reset() {
        readModel.clear();
    }
}
