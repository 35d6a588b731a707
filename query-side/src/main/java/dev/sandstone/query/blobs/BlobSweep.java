package dev.sandstone.query.blobs;

import dev.sandstone.platform.blob.BlobKeys;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.web.DependencyUnavailableException;
import dev.sandstone.query.processors.ProcessorControl;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes blobs no event refers to (uploads that were rejected or aborted), once they are older than the grace
 * period, and only while the read model has projected every event (so {@code blob_references} knows every chunk an
 * event refers to). Storing content that exists already refreshes its blob's time, so a chunk about to be referred
 * to again is never old enough to be swept.
 */
public class BlobSweep {

    private static final Logger log = LoggerFactory.getLogger(BlobSweep.class);
    private static final int BATCH = 500;

    private final BlobStore blobs;
    private final JdbcClient jdbc;
    private final ProcessorControl processors;
    private final BlobSweepProperties properties;
    private final Clock clock;

    public BlobSweep(BlobStore blobs, JdbcClient jdbc, ProcessorControl processors, BlobSweepProperties properties,
                     Clock clock) {
        this.blobs = blobs;
        this.jdbc = jdbc;
        this.processors = processors;
        this.properties = properties;
        this.clock = clock;
    }

    /** One sweep; returns the blobs deleted, or -1 when it did not run because the read model is behind. */
    public long sweep() {
        if (processors.status("documents").lagEvents() > 0) {
            log.info("Blob sweep skipped: the read model has not projected every event yet");
            return -1;
        }
        Instant cutoff = clock.instant().minus(properties.grace());
        long deleted = 0;
        try (Stream<String> keys = blobs.keysOlderThan(BlobKeys.CONTENT_PREFIX, cutoff)) {
            List<String> batch = new java.util.ArrayList<>(BATCH);
            for (var iterator = keys.iterator(); iterator.hasNext(); ) {
                batch.add(iterator.next());
                if (batch.size() == BATCH || !iterator.hasNext()) {
                    deleted += deleteUnreferenced(batch);
                    batch.clear();
                }
            }
        }
        return deleted;
    }

    private long deleteUnreferenced(List<String> keys) {
        List<String> hashes = keys.stream().map(key -> key.substring(key.lastIndexOf('/') + 1)).toList();
        List<String> referenced = jdbc.sql("SELECT sha256 FROM blob_references WHERE sha256 = ANY(CAST(:shas AS VARCHAR[]))")
                .param("shas", hashes.toArray(String[]::new)).query(String.class).list();
        long deleted = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (!referenced.contains(hashes.get(i)) && blobs.delete(keys.get(i))) {
                deleted++;
            }
        }
        return deleted;
    }

    /** One run of the periodic job: logs what it did, or why it could not run. */
    void sweepQuietly() {
        try {
            long deleted = sweep();
            if (deleted > 0) {
                log.info("Blob sweep deleted {} blobs no event refers to", deleted);
            }
        } catch (DependencyUnavailableException e) {
            log.warn("Blob sweep skipped: {}", e.getMessage());
        }
    }
}
