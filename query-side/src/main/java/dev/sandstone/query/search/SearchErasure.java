package dev.sandstone.query.search;

import dev.sandstone.query.erasure.ErasureStep;
import org.springframework.stereotype.Component;

/** The search index's part in an erasure, whichever engine is configured. */
@Component
class SearchErasure implements ErasureStep {

    private final SearchIndex index;

    SearchErasure(SearchIndex index) {
        this.index = index;
    }

    @Override
    public String store() {
        return "search-index";
    }

    @Override
    public long eraseDocument(String documentId) {
        return index.eraseDocument(documentId);
    }

    @Override
    public long eraseUser(String userId) {
        return index.eraseUser(userId);
    }

    @Override
    public String detail() {
        return "index entries deleted (document) or with the user removed from viewers and owner (user)";
    }
}
