package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.document.query.HistoryEntry;
import dev.sandstone.platform.resilience.StoreCalls;
import dev.sandstone.query.history.ArchivedHistory;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The MongoDB archive's calls through {@link StoreCalls}: timed, behind the {@code mongodb} circuit breaker, and
 * retried with back-off. Every call may be repeated: reads, and {@link #append}, which stores a record under its
 * event id and keeps the stored one on a duplicate key (the adapter answers that as success, so it is never retried
 * nor counted as a failure). A {@link #chain} stream fails on its own while it is read: only opening it is guarded.
 */
public class ResilientAuditArchive<A extends AuditArchive & ArchivedHistory> implements AuditArchive, ArchivedHistory {

    private final A delegate;
    private final StoreCalls calls;

    public ResilientAuditArchive(A delegate, StoreCalls calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public Optional<String> hashOf(String documentId, long version) {
        return calls.idempotent("hashOf", () -> delegate.hashOf(documentId, version));
    }

    @Override
    public void append(AuditRecordView record) {
        calls.idempotent("append", () -> delegate.append(record));
    }

    @Override
    public List<AuditRecordView> page(AuditFilter filter, int page, int size) {
        return calls.idempotent("page", () -> delegate.page(filter, page, size));
    }

    @Override
    public long count(AuditFilter filter) {
        return calls.idempotent("count", () -> delegate.count(filter));
    }

    @Override
    public Stream<AuditRecordView> chain(String documentId) {
        return calls.idempotent("chain", () -> delegate.chain(documentId));
    }

    @Override
    public boolean expiresRecords() {
        return delegate.expiresRecords();
    }

    @Override
    public long eraseDocument(String documentId) {
        return calls.idempotent("eraseDocument", () -> delegate.eraseDocument(documentId));
    }

    @Override
    public long eraseUser(String userId) {
        return calls.idempotent("eraseUser", () -> delegate.eraseUser(userId));
    }

    @Override
    public long highestArchivedVersion(String documentId) {
        return calls.idempotent("highestArchivedVersion", () -> delegate.highestArchivedVersion(documentId));
    }

    @Override
    public long countBelow(String documentId, long version) {
        return calls.idempotent("countBelow", () -> delegate.countBelow(documentId, version));
    }

    @Override
    public List<HistoryEntry> pageBelow(String documentId, long version, long offset, int limit) {
        return calls.idempotent("pageBelow", () -> delegate.pageBelow(documentId, version, offset, limit));
    }
}
