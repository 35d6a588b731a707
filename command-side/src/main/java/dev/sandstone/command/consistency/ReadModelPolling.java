package dev.sandstone.command.consistency;

import dev.sandstone.platform.consistency.ReadModelProperties;
import dev.sandstone.platform.consistency.ReadYourWrites;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Read-your-writes for a command side that runs without the projection (split services): the write waits until the
 * shared PostgreSQL read model, which some query-side instance keeps, shows the document at the new version. It reads
 * the version right away, then after pauses that double from {@code poll-interval} to {@code max-poll-interval},
 * until {@code read-your-writes-timeout} has passed. The read model is the query side's table {@code documents}; a
 * database that does not have it yet (no query side has started) or does not answer only makes the write answer
 * after the timeout: the command itself has succeeded either way.
 */
final class ReadModelPolling implements ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadModelPolling.class);
    private static final String VERSION = "SELECT version FROM documents WHERE id = ?";

    private final JdbcClient jdbc;
    private final ReadModelProperties properties;

    ReadModelPolling(JdbcClient jdbc, ReadModelProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public boolean awaitDocumentVersion(String documentId, long version) {
        long deadline = System.nanoTime() + properties.readYourWritesTimeout().toNanos();
        long pause = properties.pollInterval().toNanos();
        long maxPause = properties.maxPollInterval().toNanos();
        while (!reached(documentId, version)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.warn("Read model did not reach version {} of document {} within {}", version, documentId,
                        properties.readYourWritesTimeout());
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, maxPause);
        }
        return true;
    }

    private boolean reached(String documentId, long version) {
        try {
            return jdbc.sql(VERSION).param(documentId).query(Long.class).optional()
                    .map(current -> current >= version)
                    .orElse(false);
        } catch (DataAccessException e) {
            log.debug("Cannot read the version of document {} from the read model: {}", documentId, e.getMessage());
            return false;
        }
    }
}
