package dev.sandstone.query.search;

import java.util.Optional;

/**
 * The search port. Adapters: {@code postgres} (full-text search in the read model's database, the local default)
 * and {@code elasticsearch}. Fed by the "search" processing group; queried by {@link SearchQueryHandler}.
 */
public interface SearchIndex {

    /** The indexed state of a document, to apply the next change to. */
    Optional<IndexedDocument> find(String id);

    void upsert(IndexedDocument document);

    void delete(String id);

    SearchPage search(SearchRequest request);

    /** Starts writing to a fresh, empty target; searches keep reading the current one where the adapter can. */
    void beginRebuild();

    /** Makes the rebuilt target the searched one. */
    void completeRebuild();
}
