package dev.sandstone.query.search;

import dev.sandstone.api.document.DocumentStatus;
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
import dev.sandstone.api.privacy.ErasedData;
import dev.sandstone.platform.blob.DocumentBlobs;
import dev.sandstone.query.documents.ChunkedContent;
import dev.sandstone.query.processors.BatchScope;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Keeps the search index in step with document events, in its own processing group so a slow or absent search
 * engine never holds back the read model. Each change applies only to the version just before it, so replays
 * and retries are harmless; a failure is retried (with back-off) rather than skipped.
 *
 * <p>Successive changes of one document in one batch are coalesced: the search index only needs a document's last
 * state, so within a processor batch (one unit of work) the document is read from the index once, every change is
 * applied to it in memory, and it is written once when the batch commits, in the batch's transaction. A document
 * edited 40 times in a batch costs one read and one write instead of 40 of each; a rolled-back batch leaves nothing
 * behind, and a deletion or erasure in the batch drops what was pending for that document first.
 */
@Component
@ProcessingGroup(SearchProjection.GROUP)
class SearchProjection {

    static final String GROUP = "search";

    private static final String BATCH = SearchProjection.class.getName() + ".batch";

    /** Of a large document, the first this many bytes of content are indexed. */
    static final int MAX_INDEXED_BYTES = 512 * 1024;

    private final SearchIndex index;
    private final DocumentBlobs blobs;

    SearchProjection(SearchIndex index, DocumentBlobs blobs) {
        this.index = index;
        this.blobs = blobs;
    }

    @EventHandler
    void on(DocumentCreated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Batch batch = batch();
        if ((batch == null ? index.find(event.documentId()) : batch.read(event.documentId(), index)).isEmpty()) {
            write(batch, new IndexedDocument(event.documentId(), event.title(), event.content(), event.tags(),
                    DocumentStatus.DRAFT, event.owner(), Set.of(event.owner()), at, sequence + 1));
        }
    }

    @EventHandler
    void on(DocumentContentEdited event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.documentId(), sequence, at, d -> with(d, d.title(), event.delta().apply(d.content()), d.tags(),
                d.status(), d.viewers()));
    }

    @EventHandler
    void on(DocumentContentStored event, @SequenceNumber long sequence, @Timestamp Instant at) {
        // Read from the blob store only when the change applies (not for a version the index already has).
        change(event.documentId(), sequence, at, d -> with(d, d.title(),
                new ChunkedContent(blobs, event.documentId(), event.chunks(), event.size())
                        .prefixText(MAX_INDEXED_BYTES), d.tags(), d.status(), d.viewers()));
    }

    @EventHandler
    void on(DocumentContentReplaced event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.documentId(), sequence, at, d -> with(d, d.title(), event.content(), d.tags(), d.status(),
                d.viewers()));
    }

    @EventHandler
    void on(DocumentMetadataUpdated event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.documentId(), sequence, at, d -> with(d, event.title(), d.content(), event.tags(), d.status(),
                d.viewers()));
    }

    @EventHandler
    void on(DocumentPublished event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.documentId(), sequence, at, d -> with(d, d.title(), d.content(), d.tags(),
                DocumentStatus.PUBLISHED, d.viewers()));
    }

    @EventHandler
    void on(DocumentArchived event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.documentId(), sequence, at, d -> with(d, d.title(), d.content(), d.tags(),
                DocumentStatus.ARCHIVED, d.viewers()));
    }

    @EventHandler
    void on(DocumentRoleGranted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.documentId(), sequence, at, d -> {
            Set<String> viewers = new HashSet<>(d.viewers());
            if (!ErasedData.isErased(event.userId())) {
                viewers.add(event.userId());
            }
            return with(d, d.title(), d.content(), d.tags(), d.status(), viewers);
        });
    }

    @EventHandler
    void on(DocumentRoleRevoked event, @SequenceNumber long sequence, @Timestamp Instant at) {
        change(event.documentId(), sequence, at, d -> {
            Set<String> viewers = new HashSet<>(d.viewers());
            viewers.remove(event.userId());
            return with(d, d.title(), d.content(), d.tags(), d.status(), viewers);
        });
    }

    private void forget(String id) {
        Batch batch = batch();
        if (batch != null) {
            batch.forget(id);
        }
    }

    @EventHandler
    void on(DocumentDeleted event) {
        forget(event.documentId());
        index.delete(event.documentId());
    }

    @EventHandler
    void on(DocumentErased event) {
        forget(event.documentId());
        index.eraseDocument(event.documentId());
    }

    @ResetHandler
    void reset() {
        index.beginRebuild();
    }

    /** Applies a change to the indexed document if it is exactly one version behind; otherwise it is a replay. */
    private void change(String id, long sequence, Instant at, UnaryOperator<IndexedDocument> change) {
        long version = sequence + 1;
        Batch batch = batch();
        Optional<IndexedDocument> next = (batch == null ? index.find(id) : batch.read(id, index))
                .filter(document -> document.version() == version - 1)
                .map(change)
                .map(changed -> new IndexedDocument(changed.id(), changed.title(), changed.content(), changed.tags(),
                        changed.status(), changed.owner(), changed.viewers(), at, version));
        next.ifPresent(document -> write(batch, document));
    }

    private void write(Batch batch, IndexedDocument document) {
        if (batch == null) {
            index.upsert(document);
        } else {
            batch.write(document);
        }
    }

    /**
     * This batch's documents, or null outside a unit of work; what it changed is written when the batch prepares its
     * commit, so inside its transaction.
     */
    private Batch batch() {
        return BatchScope.current(BATCH, Batch::new, batch -> batch.flush(index));
    }

    /** The documents a batch has read (an empty value: not in the index) and which of them it changed. */
    private static final class Batch {

        private final Map<String, Optional<IndexedDocument>> documents = new HashMap<>();
        private final Set<String> changed = new LinkedHashSet<>();

        Optional<IndexedDocument> read(String id, SearchIndex index) {
            return documents.computeIfAbsent(id, index::find);
        }

        void write(IndexedDocument document) {
            documents.put(document.id(), Optional.of(document));
            changed.add(document.id());
        }

        /** A deletion or erasure went to the index: nothing pending for the document may be written after it. */
        void forget(String id) {
            documents.put(id, Optional.empty());
            changed.remove(id);
        }

        void flush(SearchIndex index) {
            for (String id : changed) {
                documents.get(id).ifPresent(index::upsert);
            }
        }
    }

    private static IndexedDocument with(IndexedDocument d, String title, String content, java.util.List<String> tags,
                                        DocumentStatus status, Set<String> viewers) {
        return new IndexedDocument(d.id(), title, content, tags, status, d.owner(), viewers, d.updatedAt(),
                d.version());
    }
}
