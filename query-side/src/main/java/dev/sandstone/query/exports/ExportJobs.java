package dev.sandstone.query.exports;

import dev.sandstone.api.compliance.ExportRequested;
import dev.sandstone.api.compliance.ExportType;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.platform.blob.BlobRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The exports status table. Writes are conditional on the status, so a repeated write (a retried request, a job
 * run again after a restart) never moves an export backwards: a finished export stays finished.
 */
@Repository
class ExportJobs {

    private final JdbcClient jdbc;

    ExportJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a requested export as queued, unless it is recorded already. */
    void queue(ExportRequested requested, Instant at) {
        jdbc.sql("""
                        INSERT INTO exports (id, type, requested_by, subject_user, document_id, from_at, to_at, status,
                                             requested_at)
                        VALUES (:id, :type, :requestedBy, :userId, :documentId, :from, :to, 'queued', :at)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", requested.exportId()).param("type", requested.type().wireName())
                .param("requestedBy", requested.requestedBy()).param("userId", requested.userId())
                .param("documentId", requested.documentId()).param("from", timestamp(requested.from()))
                .param("to", timestamp(requested.to())).param("at", timestamp(at))
                .update();
    }

    Optional<ExportJob> find(String id) {
        return jdbc.sql("SELECT * FROM exports WHERE id = :id").param("id", id).query(ExportJobs::job).optional();
    }

    /** A new attempt starts: running, progress back to zero. False when the export is already finished. */
    boolean start(String id, Instant at) {
        return jdbc.sql("""
                        UPDATE exports SET status = 'running', started_at = :at, attempts = attempts + 1, progress = 0,
                                           records = 0, error = NULL
                        WHERE id = :id AND status IN ('queued', 'running')""")
                .param("id", id).param("at", timestamp(at)).update() == 1;
    }

    void progress(String id, int percent, long records) {
        jdbc.sql("UPDATE exports SET progress = :percent, records = :records WHERE id = :id AND status = 'running'")
                .param("id", id).param("percent", percent).param("records", records).update();
    }

    /** What went wrong in the attempt that is about to be retried (the export stays running). */
    void retrying(String id, String reason) {
        jdbc.sql("UPDATE exports SET error = :reason WHERE id = :id AND status = 'running'")
                .param("id", id).param("reason", reason).update();
    }

    void complete(String id, BlobRef archive, long records, Instant at) {
        jdbc.sql("""
                        UPDATE exports SET status = 'completed', progress = 100, records = :records, finished_at = :at,
                                           archive_key = :key, archive_size = :size, archive_sha256 = :sha256,
                                           error = NULL
                        WHERE id = :id AND status IN ('queued', 'running')""")
                .param("id", id).param("records", records).param("at", timestamp(at)).param("key", archive.key())
                .param("size", archive.size()).param("sha256", archive.sha256()).update();
    }

    void fail(String id, String reason, Instant at) {
        jdbc.sql("""
                        UPDATE exports SET status = 'failed', finished_at = :at, error = :reason
                        WHERE id = :id AND status IN ('queued', 'running')""")
                .param("id", id).param("reason", reason).param("at", timestamp(at)).update();
    }

    /** Completed exports that finished before {@code cutoff}: their archives are due for deletion. */
    List<ExportJob> completedBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                        SELECT * FROM exports WHERE status = 'completed' AND finished_at < :cutoff
                        ORDER BY finished_at LIMIT :limit""")
                .param("cutoff", timestamp(cutoff)).param("limit", limit).query(ExportJobs::job).list();
    }

    void expire(String id) {
        jdbc.sql("UPDATE exports SET status = 'expired' WHERE id = :id AND status = 'completed'")
                .param("id", id).update();
    }

    /** Completed exports about a user (subject access) or a document (document audit): their archives hold its data. */
    List<ExportJob> completedAbout(String userId, String documentId) {
        return jdbc.sql("""
                        SELECT * FROM exports WHERE status = 'completed'
                          AND (subject_user = CAST(:user AS VARCHAR) OR document_id = CAST(:document AS VARCHAR))""")
                .param("user", userId).param("document", documentId).query(ExportJobs::job).list();
    }

    /** The export's archive was deleted with its subject. */
    void erase(String id) {
        jdbc.sql("UPDATE exports SET status = 'erased' WHERE id = :id AND status = 'completed'").param("id", id)
                .update();
    }

    /** The user's id no longer names the subject or the requester of any export; returns the rows changed. */
    int anonymise(String userId) {
        return jdbc.sql("""
                        UPDATE exports
                        SET subject_user = CASE WHEN subject_user = :user THEN :erased ELSE subject_user END,
                            requested_by = CASE WHEN requested_by = :user THEN :erased ELSE requested_by END
                        WHERE subject_user = :user OR requested_by = :user""")
                .param("user", userId).param("erased", PersonalData.ERASED).update();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static ExportJob job(ResultSet rs, int row) throws SQLException {
        String sha256 = rs.getString("archive_sha256");
        return new ExportJob(rs.getString("id"), ExportType.parse(rs.getString("type")).orElseThrow(),
                rs.getString("requested_by"), rs.getString("subject_user"), rs.getString("document_id"),
                instant(rs, "from_at"), instant(rs, "to_at"), ExportStatus.fromWire(rs.getString("status")),
                rs.getInt("progress"), rs.getLong("records"), rs.getInt("attempts"), instant(rs, "requested_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("archive_key"),
                rs.getObject("archive_size", Long.class), sha256 == null ? null : sha256.trim(),
                rs.getString("error"));
    }
}
