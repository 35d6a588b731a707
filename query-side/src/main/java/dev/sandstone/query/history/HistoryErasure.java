package dev.sandstone.query.history;

import dev.sandstone.query.erasure.ErasureStep;
import org.springframework.stereotype.Component;

/** The PostgreSQL history window's part in an erasure (the archived part is the audit archive's). */
@Component
class HistoryErasure implements ErasureStep {

    private final HistoryStore history;

    HistoryErasure(HistoryStore history) {
        this.history = history;
    }

    @Override
    public String store() {
        return "history";
    }

    @Override
    public long eraseDocument(String documentId) {
        return history.eraseDocument(documentId);
    }

    @Override
    public long eraseUser(String userId) {
        return history.eraseUser(userId);
    }

    @Override
    public String detail() {
        return "history entries deleted (document) or anonymised (user)";
    }
}
