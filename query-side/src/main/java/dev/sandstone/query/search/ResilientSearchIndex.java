package dev.sandstone.query.search;

import dev.sandstone.platform.resilience.StoreCalls;
import java.util.Optional;

/**
 * A {@link SearchIndex} whose calls go through {@link StoreCalls}: timed per operation, and for Elasticsearch behind
 * the {@code elasticsearch} circuit breaker with retries. Reads are retried, and so are upserts and deletes: both are
 * keyed by document id, so a repeat leaves the same index. The rebuild steps create indices and move aliases: they are
 * never repeated behind the caller's back (the rebuild itself can be started again).
 */
public class ResilientSearchIndex implements SearchIndex {

    private final SearchIndex delegate;
    private final StoreCalls calls;

    public ResilientSearchIndex(SearchIndex delegate, StoreCalls calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public Optional<IndexedDocument> find(String id) {
        return calls.idempotent("find", () -> delegate.find(id));
    }

    @Override
    public void upsert(IndexedDocument document) {
        calls.idempotent("upsert", () -> delegate.upsert(document));
    }

    @Override
    public void delete(String id) {
        calls.idempotent("delete", () -> delegate.delete(id));
    }

    @Override
    public long eraseDocument(String id) {
        return calls.idempotent("eraseDocument", () -> delegate.eraseDocument(id));
    }

    @Override
    public long eraseUser(String userId) {
        return calls.idempotent("eraseUser", () -> delegate.eraseUser(userId));
    }

    @Override
    public SearchPage search(SearchRequest request) {
        return calls.idempotent("search", () -> delegate.search(request));
    }

    @Override
    public void beginRebuild() {
        calls.once("beginRebuild", delegate::beginRebuild);
    }

    @Override
    public void completeRebuild() {
        calls.once("completeRebuild", delegate::completeRebuild);
    }
}
