package dev.sandstone.query.search;

import dev.sandstone.api.search.SearchDocuments;
import dev.sandstone.api.search.SearchResults;
import dev.sandstone.query.documents.DocumentReadModel;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Answers searches, trimmed to what the caller may see: the index filters on its viewers, and documents the
 * caller has lost access to are excluded by the read model's authoritative list, even while the index lags.
 */
@Component
class SearchQueryHandler {

    private final SearchIndex index;
    private final DocumentReadModel documents;

    SearchQueryHandler(SearchIndex index, DocumentReadModel documents) {
        this.index = index;
        this.documents = documents;
    }

    @QueryHandler
    SearchResults handle(SearchDocuments query) {
        long started = System.nanoTime();
        boolean everything = query.viewer().canViewEverything();
        SearchRequest request = new SearchRequest(SearchText.parse(query.q()), query.status(), query.tag(),
                query.owner(), everything ? null : query.viewer().userId(),
                everything ? List.of() : documents.revokedFrom(query.viewer().userId()), query.page(), query.size());
        SearchPage page = index.search(request);
        return new SearchResults(page.hits(), query.page(), query.size(), page.total(),
                (System.nanoTime() - started) / 1_000_000);
    }
}
