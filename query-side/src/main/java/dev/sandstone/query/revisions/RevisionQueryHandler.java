package dev.sandstone.query.revisions;

import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.document.event.DocumentArchived;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentContentReplaced;
import dev.sandstone.api.document.event.DocumentContentStored;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentMetadataUpdated;
import dev.sandstone.api.document.event.DocumentPublished;
import dev.sandstone.api.document.query.ContentLocation;
import dev.sandstone.api.document.query.FindRevision;
import dev.sandstone.api.document.query.FindRevisionContent;
import dev.sandstone.api.security.Actor;
import dev.sandstone.api.document.query.RevisionView;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.query.documents.DocumentReadModel;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Time travel: rebuilds a document as it was at a version or an instant by replaying its events from the very first
 * one (never from a snapshot, so the answer is exactly what the history says). Same access rule as reading it.
 */
@Component
class RevisionQueryHandler {

    private final EventStore eventStore;
    private final DocumentReadModel documents;

    RevisionQueryHandler(EventStore eventStore, DocumentReadModel documents) {
        this.eventStore = eventStore;
        this.documents = documents;
    }

    @QueryHandler
    RevisionView handle(FindRevision query) {
        return fold(query.documentId(), query.version(), query.at(), query.viewer()).view(query.documentId());
    }

    @QueryHandler
    ContentLocation handle(FindRevisionContent query) {
        Revision revision = fold(query.documentId(), query.version(), null, query.viewer());
        if (revision.stored() != null) {
            DocumentContentStored stored = revision.stored();
            return new ContentLocation(null, stored.chunks(), stored.size(), stored.sha256());
        }
        return new ContentLocation(revision.content(), null,
                revision.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, null);
    }

    /** The document's state at {@code version} (or, when it is null, at the instant {@code at}). */
    private Revision fold(String documentId, Long version, java.time.Instant atInstant, Actor viewer) {
        documents.requireVisible(documentId, viewer);
        DomainEventStream events = eventStore.readEvents(documentId, 0);
        Revision revision = null;
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.peek();
            long eventVersion = event.getSequenceNumber() + 1;
            boolean beyond = version != null ? eventVersion > version : event.getTimestamp().isAfter(atInstant);
            if (beyond) {
                break;
            }
            revision = Revision.apply(revision, events.next());
        }
        if (revision == null || (version != null && revision.version() != version)) {
            throw DomainException.notFound(version != null
                    ? "The document has no version " + version
                    : "The document did not exist at " + atInstant);
        }
        return revision;
    }

    /** The fold of a document's events; only what a revision shows. */
    private record Revision(long version, String title, String content, List<String> tags, DocumentStatus status,
                            java.time.Instant at, DocumentContentStored stored) {

        static Revision apply(Revision r, DomainEventMessage<?> message) {
            long version = message.getSequenceNumber() + 1;
            java.time.Instant at = message.getTimestamp();
            Object event = message.getPayload();
            if (event instanceof DocumentCreated created) {
                return new Revision(version, created.title(), created.content(), created.tags(), DocumentStatus.DRAFT, at,
                        null);
            }
            if (r == null) {
                throw new IllegalStateException("Document " + message.getAggregateIdentifier() + " has no creation event");
            }
            if (event instanceof DocumentContentEdited edited) {
                return new Revision(version, r.title, edited.delta().apply(r.content), r.tags, r.status, at, null);
            }
            if (event instanceof DocumentContentStored stored) {
                return new Revision(version, r.title, null, r.tags, r.status, at, stored);
            }
            if (event instanceof DocumentContentReplaced replaced) {
                return new Revision(version, r.title, replaced.content(), r.tags, r.status, at, null);
            }
            if (event instanceof DocumentMetadataUpdated updated) {
                return new Revision(version, updated.title(), r.content, updated.tags(), r.status, at, r.stored);
            }
            if (event instanceof DocumentPublished) {
                return new Revision(version, r.title, r.content, r.tags, DocumentStatus.PUBLISHED, at, r.stored);
            }
            if (event instanceof DocumentArchived) {
                return new Revision(version, r.title, r.content, r.tags, DocumentStatus.ARCHIVED, at, r.stored);
            }
            return new Revision(version, r.title, r.content, r.tags, r.status, at, r.stored);
        }

        RevisionView view(String id) {
            return stored == null ? new RevisionView(id, version, title, content, tags, status, at, false, null, null)
                    : new RevisionView(id, version, title, null, tags, status, at, true, stored.size(), stored.sha256());
        }
    }
}
