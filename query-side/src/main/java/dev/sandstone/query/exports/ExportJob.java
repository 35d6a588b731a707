package dev.sandstone.query.exports;

import dev.sandstone.api.compliance.ExportType;
import dev.sandstone.api.security.Actor;
import java.time.Instant;

/**
 * One export as its status table row holds it. {@code progress} is a percentage, {@code records} the NDJSON records
 * written so far; the archive fields are set once it is completed, {@code error} once it failed.
 */
record ExportJob(String id, ExportType type, String requestedBy, String userId, String documentId, Instant from,
                 Instant to, ExportStatus status, int progress, long records, int attempts, Instant requestedAt,
                 Instant startedAt, Instant finishedAt, String archiveKey, Long archiveSize, String archiveSha256,
                 String error) {

    /** Who may see it: whoever asked for it, and admins. */
    boolean visibleTo(Actor actor) {
        return actor.isAdmin() || actor.userId().equals(requestedBy);
    }
}
