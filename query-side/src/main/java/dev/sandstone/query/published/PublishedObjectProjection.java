package dev.sandstone.query.published;

import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentContentReplaced;
import dev.sandstone.api.document.event.DocumentContentStored;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentPublished;
import dev.sandstone.platform.blob.BlobRef;
import dev.sandstone.platform.blob.DocumentBlobs;
import dev.sandstone.query.documents.ChunkedContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stores each published version of a large document once more as one whole, immutable object in the blob store
 * (in the document's key space, addressed by the content's SHA-256 and encrypted under the document's key, see
 * {@link DocumentBlobs}), so published content is served from a single object that never changes. The chunks are
 * streamed into it (decrypted and encrypted again segment by segment), never held whole in memory. Runs in its own
 * processor: assembling tens of megabytes, or a blob store outage, never holds back the read model. The content at
 * publication is rebuilt from the document's events, not read from another projection. Idempotent: a version
 * already stored is skipped, and storing identical content twice writes it once.
 * A document erased meanwhile has nothing to publish: its events read back without chunks.
 */
@Component
@ProcessingGroup(PublishedObjectProjection.GROUP)
class PublishedObjectProjection {

    static final String GROUP = "published-objects";

    private final EventStore eventStore;
    private final DocumentBlobs blobs;
    private final JdbcClient jdbc;

    PublishedObjectProjection(EventStore eventStore, DocumentBlobs blobs, JdbcClient jdbc) {
        this.eventStore = eventStore;
        this.blobs = blobs;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DocumentPublished event) {
        if (stored(event.documentId(), event.publishedVersion())) {
            return;
        }
        DocumentContentStored content = contentAtPublication(event);
        if (content == null || content.sha256().isEmpty()) {
            return;
        }
        BlobRef object;
        try (InputStream whole = new ChunkedContent(blobs, event.documentId(), content.chunks(), content.size())
                .getInputStream()) {
            object = blobs.put(event.documentId(), DocumentBlobs.Kind.PUBLISHED, content.sha256(), whole,
                    content.size());
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the chunks of a published version failed", e);
        }
        jdbc.sql("""
                        INSERT INTO published_objects (document_id, published_version, sha256, size)
                        VALUES (:id, :n, :sha, :size) ON CONFLICT DO NOTHING""")
                .param("id", event.documentId()).param("n", event.publishedVersion())
                .param("sha", object.sha256()).param("size", object.size()).update();
    }

    private boolean stored(String documentId, int publishedVersion) {
        return jdbc.sql("SELECT TRUE FROM published_objects WHERE document_id = :id AND published_version = :n")
                .param("id", documentId).param("n", publishedVersion).query(Boolean.class).optional().isPresent();
    }

    /** The stored content the document had when it was published; null when its content was inline then. */
    private DocumentContentStored contentAtPublication(DocumentPublished event) {
        DocumentContentStored content = null;
        DomainEventStream events = eventStore.readEvents(event.documentId(), 0);
        while (events.hasNext()) {
            DomainEventMessage<?> message = events.next();
            if (message.getSequenceNumber() + 1 >= event.documentVersion()) {
                break;
            }
            Object payload = message.getPayload();
            if (payload instanceof DocumentContentStored stored) {
                content = stored;
            } else if (payload instanceof DocumentCreated || payload instanceof DocumentContentEdited
                    || payload instanceof DocumentContentReplaced) {
                content = null;
            }
        }
        return content;
    }
}
