package dev.sandstone.query.erasure;

import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Aggregate snapshots and the in-process aggregate cache. A document's snapshot is encrypted under its key, but a
 * user's id sits inside other documents' snapshots (their members), so a user's erasure drops every snapshot: they
 * are a cache, rebuilt from the events (whose user fields then read as erased) on the next loads.
 */
@Component
class SnapshotErasure implements ErasureStep {

    private final JdbcClient jdbc;
    private final ObjectProvider<Cache> aggregateCache;

    SnapshotErasure(JdbcClient jdbc, @Qualifier("documentCache") ObjectProvider<Cache> aggregateCache) {
        this.jdbc = jdbc;
        this.aggregateCache = aggregateCache;
    }

    @Override
    public String store() {
        return "snapshots";
    }

    @Override
    public long eraseDocument(String documentId) {
        aggregateCache.ifAvailable(cache -> cache.remove(documentId));
        return jdbc.sql("DELETE FROM snapshot_event_entry WHERE aggregate_identifier = :id")
                .param("id", documentId).update();
    }

    @Override
    public long eraseUser(String userId) {
        aggregateCache.ifAvailable(Cache::removeAll);
        return jdbc.sql("DELETE FROM snapshot_event_entry").update();
    }

    @Override
    public String detail() {
        return "aggregate snapshots deleted (and cached aggregates evicted)";
    }
}
