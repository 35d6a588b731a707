package dev.sandstone.query.exports;

import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.web.DependencyUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes archives whose export finished longer ago than the retention period, and marks those exports
 * {@code expired}. The status row and the audit records stay. Runs on every instance; deleting twice is harmless.
 */
class ExportRetention {

    private static final Logger log = LoggerFactory.getLogger(ExportRetention.class);
    private static final int BATCH = 100;

    private final ExportJobs jobs;
    private final BlobStore blobs;
    private final Duration retention;
    private final Clock clock;

    ExportRetention(ExportJobs jobs, BlobStore blobs, Duration retention, Clock clock) {
        this.jobs = jobs;
        this.blobs = blobs;
        this.retention = retention;
        this.clock = clock;
    }

    /** Returns how many archives were deleted. */
    long sweep() {
        Instant cutoff = clock.instant().minus(retention);
        long expired = 0;
        List<ExportJob> due;
        do {
            due = jobs.completedBefore(cutoff, BATCH);
            for (ExportJob job : due) {
                blobs.deleteAll(ExportRunner.archivePrefix(job.id()));
                jobs.expire(job.id());
                expired++;
            }
        } while (due.size() == BATCH);
        return expired;
    }

    void sweepQuietly() {
        try {
            long expired = sweep();
            if (expired > 0) {
                log.info("Deleted {} export archives older than {}", expired, retention);
            }
        } catch (DependencyUnavailableException e) {
            log.warn("Export retention skipped: {}", e.getMessage());
        }
    }
}
