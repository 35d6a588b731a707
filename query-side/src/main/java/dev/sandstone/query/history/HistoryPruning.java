package dev.sandstone.query.history;

import dev.sandstone.platform.web.DependencyUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's history to a recent window once older entries are safely in the archive. For each document it
 * deletes a prefix of versions, up to the lowest of: the newest version older than the window, the version before
 * the oldest one inside it, and the newest archived version. So history is never deleted before it is archived,
 * and what stays in PostgreSQL is always versions {@code n..latest}, which history reads rely on.
 */
public class HistoryPruning {

    private static final Logger log = LoggerFactory.getLogger(HistoryPruning.class);

    private final HistoryStore store;
    private final ArchivedHistory archive;
    private final HistoryProperties properties;
    private final Clock clock;

    HistoryPruning(HistoryStore store, ArchivedHistory archive, HistoryProperties properties, Clock clock) {
        this.store = store;
        this.archive = archive;
        this.properties = properties;
        this.clock = clock;
    }

    /** One pruning pass over every document with history older than the window; returns the entries deleted. */
    public long prune() {
        Instant cutoff = clock.instant().minus(properties.window());
        long deleted = 0;
        String after = "";
        List<String> documents;
        do {
            documents = store.documentsWithHistoryBefore(cutoff, after, properties.pruneBatch());
            for (String documentId : documents) {
                deleted += pruneDocument(documentId, cutoff);
                after = documentId;
            }
        } while (documents.size() == properties.pruneBatch());
        return deleted;
    }

    private long pruneDocument(String documentId, Instant cutoff) {
        long upTo = Math.min(store.newestVersionBefore(documentId, cutoff),
                store.oldestVersionFrom(documentId, cutoff) - 1);
        if (upTo < 1) {
            return 0;
        }
        return store.deleteUpTo(documentId, Math.min(upTo, archive.highestArchivedVersion(documentId)));
    }

    /** One run of the periodic job: logs what it did, or why it could not run. */
    void pruneQuietly() {
        try {
            long deleted = prune();
            if (deleted > 0) {
                log.info("Pruned {} archived history entries older than {} from PostgreSQL", deleted,
                        properties.window());
            }
        } catch (DependencyUnavailableException e) {
            log.warn("History pruning skipped: {}; nothing was deleted that is not archived", e.getMessage());
        }
    }
}
