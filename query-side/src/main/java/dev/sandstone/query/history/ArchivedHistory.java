package dev.sandstone.query.history;

import dev.sandstone.api.document.query.HistoryEntry;
import java.util.List;

/**
 * History kept by the audit archive, for the versions PostgreSQL no longer holds. Present only when an archive
 * outside PostgreSQL is configured; PostgreSQL then keeps a recent window (see {@link HistoryPruning}).
 */
public interface ArchivedHistory {

    /** The highest version archived for a document, 0 when none is; archived versions are 1..that. */
    long highestArchivedVersion(String documentId);

    /** How many archived history entries a document has below a version. */
    long countBelow(String documentId, long version);

    /** Archived entries below a version, newest first, skipping {@code offset} of them. */
    List<HistoryEntry> pageBelow(String documentId, long version, long offset, int limit);
}
