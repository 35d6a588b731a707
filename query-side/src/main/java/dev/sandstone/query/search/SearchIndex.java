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

    /** Erasure: removes the document from every index the adapter keeps, one being rebuilt too; returns how many. */
    long eraseDocument(String id);

    /**
     * Erasure of a user: drops them from every document's viewers and anonymises them as owner, in every index the
     * adapter keeps; returns how many entries changed.
     */
    long eraseUser(String userId);

    SearchPage search(SearchRequest request);

    /** Starts writing to a fresh, empty target; searches keep reading the current one where the adapter can. */
    void beginRebuild();

    /** Makes the rebuilt target the searched one. */
    void completeRebuild();
}
