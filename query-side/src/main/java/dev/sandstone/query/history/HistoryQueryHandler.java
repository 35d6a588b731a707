package dev.sandstone.query.history;

import dev.sandstone.api.document.query.FindDocumentHistory;
import dev.sandstone.api.document.query.HistoryPage;
import dev.sandstone.query.documents.DocumentReadModel;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

@Component
class HistoryQueryHandler {

    private final HistoryStore store;
    private final DocumentReadModel documents;

    HistoryQueryHandler(HistoryStore store, DocumentReadModel documents) {
        this.store = store;
        this.documents = documents;
    }

    @QueryHandler
    HistoryPage handle(FindDocumentHistory query) {
        documents.requireVisible(query.documentId(), query.viewer());
        return new HistoryPage(store.page(query.documentId(), query.page(), query.size()), query.page(), query.size(),
                store.count(query.documentId()));
    }
}
