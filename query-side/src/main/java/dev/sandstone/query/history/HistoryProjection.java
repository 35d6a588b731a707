package dev.sandstone.query.history;

import dev.sandstone.api.document.event.DocumentErased;
import dev.sandstone.api.document.event.DocumentEvent;
import dev.sandstone.api.security.Actor;
import dev.sandstone.query.processors.BatchScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * One history line per document event, keyed by (document, version). Runs in the "documents" processing group,
 * in the same transaction as the document read model, so history is never behind the document. A processor
 * batch's lines are written in one statement when the batch prepares its commit.
 */
@Component
@ProcessingGroup("documents")
class HistoryProjection {

    private static final String BATCH = HistoryProjection.class.getName() + ".batch";

    private final HistoryStore store;

    HistoryProjection(HistoryStore store) {
        this.store = store;
    }

    @EventHandler
    void on(DocumentEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(Actor.META_ACTOR) String actor) {
        List<HistoryStore.Line> batch = batch();
        if (event instanceof DocumentErased) {
            if (batch != null) {
                batch.removeIf(line -> line.documentId().equals(event.documentId()));
            }
            store.eraseDocument(event.documentId()); // nothing of an erased document stays, also after a replay
            return;
        }
        HistoryStore.Line line = new HistoryStore.Line(event.documentId(), sequence + 1,
                DocumentEventDescriptions.type(event), actor == null ? "system" : actor, at,
                DocumentEventDescriptions.summary(event));
        if (batch == null) {
            store.recordAll(List.of(line));
        } else {
            batch.add(line);
        }
    }

    /**
     * The lines of this processor batch, written in one statement when it prepares its commit (inside its
     * transaction); null outside a unit of work.
     */
    private List<HistoryStore.Line> batch() {
        return BatchScope.current(BATCH, ArrayList::new, store::recordAll);
    }

    @ResetHandler
    void reset() {
        store.clear();
    }
}
