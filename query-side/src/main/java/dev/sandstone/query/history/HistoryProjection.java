package dev.sandstone.query.history;

import dev.sandstone.api.document.event.DocumentErased;
import dev.sandstone.api.document.event.DocumentEvent;
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
        if (event instanceof DocumentErased) {
            store.eraseDocument(event.documentId()); // nothing of an erased document stays, also after a replay
            return;
        }
        store.record(event.documentId(), sequence + 1, DocumentEventDescriptions.type(event),
                actor == null ? "system" : actor, at, DocumentEventDescriptions.summary(event));
    }

    @ResetHandler
    void reset() {
        store.clear();
    }
}
