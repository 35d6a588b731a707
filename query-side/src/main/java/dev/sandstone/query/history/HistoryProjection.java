package dev.sandstone.query.history;

import dev.sandstone.api.document.event.DocumentArchived;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentDeleted;
import dev.sandstone.api.document.event.DocumentEvent;
import dev.sandstone.api.document.event.DocumentMetadataUpdated;
import dev.sandstone.api.document.event.DocumentPublished;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.event.DocumentRoleRevoked;
import dev.sandstone.api.security.Actor;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * One history line per document event, keyed by (document, version). Runs in the "documents" processing group,
 * in the same transaction as the document read model, so history is never behind the document.
 */
@Component
@ProcessingGroup("documents")
class HistoryProjection {

    private final HistoryStore store;

    HistoryProjection(HistoryStore store) {
        this.store = store;
    }

    @EventHandler
    void on(DocumentEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(Actor.META_ACTOR) String actor) {
        store.record(event.documentId(), sequence + 1, type(event), actor == null ? "system" : actor, at,
                summary(event));
    }

    @ResetHandler
    void reset() {
        store.clear();
    }

    static String type(DocumentEvent event) {
        if (event instanceof DocumentCreated) {
            return "created";
        } else if (event instanceof DocumentContentEdited) {
            return "content_edited";
        } else if (event instanceof DocumentMetadataUpdated) {
            return "metadata_updated";
        } else if (event instanceof DocumentPublished) {
            return "published";
        } else if (event instanceof DocumentArchived) {
            return "archived";
        } else if (event instanceof DocumentDeleted) {
            return "deleted";
        } else if (event instanceof DocumentRoleGranted) {
            return "role_granted";
        } else if (event instanceof DocumentRoleRevoked) {
            return "role_revoked";
        }
        throw new IllegalArgumentException("Unknown document event " + event.getClass().getName());
    }

    static String summary(DocumentEvent event) {
        if (event instanceof DocumentCreated created) {
            return "Created '" + created.title() + "' (" + created.content().length() + " characters)";
        } else if (event instanceof DocumentContentEdited edited) {
            return "Edited content: +" + edited.delta().insertedChars() + " / -" + edited.delta().deletedChars()
                    + " characters";
        } else if (event instanceof DocumentMetadataUpdated updated) {
            return "Title '" + updated.title() + "', tags [" + String.join(", ", updated.tags()) + "]";
        } else if (event instanceof DocumentPublished published) {
            return "Published as version " + published.publishedVersion();
        } else if (event instanceof DocumentArchived) {
            return "Archived";
        } else if (event instanceof DocumentDeleted) {
            return "Deleted";
        } else if (event instanceof DocumentRoleGranted granted) {
            return "Granted " + granted.role().wireName() + " to " + granted.userId();
        } else if (event instanceof DocumentRoleRevoked revoked) {
            return "Revoked " + revoked.previousRole().wireName() + " from " + revoked.userId();
        }
        throw new IllegalArgumentException("Unknown document event " + event.getClass().getName());
    }
}
