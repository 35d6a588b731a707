package dev.sandstone.query.history;

import dev.sandstone.api.document.query.FindDocumentHistory;
import dev.sandstone.api.document.query.HistoryEntry;
import dev.sandstone.api.document.query.HistoryPage;
import dev.sandstone.query.documents.DocumentReadModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A document's history, newest first, in one paged sequence: PostgreSQL holds versions {@code n..latest} (all of
 * them unless an archive is configured), the archive holds what was pruned below {@code n}.
 */
@Component
class HistoryQueryHandler {

    private final HistoryStore store;
    private final DocumentReadModel documents;
    private final Optional<ArchivedHistory> archive;

    HistoryQueryHandler(HistoryStore store, DocumentReadModel documents, ObjectProvider<ArchivedHistory> archive) {
        this.store = store;
        this.documents = documents;
        this.archive = Optional.ofNullable(archive.getIfAvailable());
    }

    @QueryHandler
    HistoryPage handle(FindDocumentHistory query) {
        documents.requireVisible(query.documentId(), query.viewer());
        String id = query.documentId();
        long recentCount = store.count(id);
        List<HistoryEntry> items = new ArrayList<>(store.page(id, query.page(), query.size()));
        long lowestRecent = store.lowestVersion(id);
        if (archive.isEmpty() || lowestRecent == 1) {
            return new HistoryPage(items, query.page(), query.size(), recentCount);
        }
        long below = lowestRecent == 0 ? Long.MAX_VALUE : lowestRecent;
        long archivedCount = archive.get().countBelow(id, below);
        long offset = (long) query.page() * query.size();
        if (items.size() < query.size() && offset + items.size() >= recentCount) {
            items.addAll(archive.get().pageBelow(id, below, Math.max(0, offset - recentCount),
                    query.size() - items.size()));
        }
        return new HistoryPage(items, query.page(), query.size(), recentCount + archivedCount);
    }
}
