package dev.sandstone.query.erasure;

import dev.sandstone.api.privacy.ErasureView;
import dev.sandstone.api.privacy.PersonalData;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Erasure jobs, their steps and certificates, in the read model's PostgreSQL ({@code erasures}). */
@Repository
class ErasureStore {

    record Erasure(UUID id, String subjectType, String subjectId, String requestedBy, Instant requestedAt,
                   long position, Instant keyDestroyedAt, Instant completedAt, String certificateSha256) {

        boolean isDocument() {
            return ErasureCoordinator.DOCUMENT.equals(subjectType);
        }
    }

    private final JdbcClient jdbc;

    ErasureStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new erasure, or the document's existing one (a document is erased once). */
    Erasure create(String subjectType, String subjectId, String requestedBy, long position) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO erasures (id, subject_type, subject_id, requested_by, requested_at, position)
                        VALUES (:id, :type, :subject, :by, now(), :position)
                        ON CONFLICT (subject_id) WHERE subject_type = 'document' DO NOTHING""")
                .param("id", id).param("type", subjectType).param("subject", subjectId).param("by", requestedBy)
                .param("position", position).update();
        if (ErasureCoordinator.DOCUMENT.equals(subjectType)) {
            return jdbc.sql("SELECT * FROM erasures WHERE subject_type = 'document' AND subject_id = :subject")
                    .param("subject", subjectId).query(ErasureStore::erasure).single();
        }
        return find(id).orElseThrow();
    }

    Optional<Erasure> find(UUID id) {
        return jdbc.sql("SELECT * FROM erasures WHERE id = :id").param("id", id).query(ErasureStore::erasure)
                .optional();
    }

    List<Erasure> page(int page, int size) {
        return jdbc.sql("SELECT * FROM erasures ORDER BY requested_at DESC, id LIMIT :limit OFFSET :offset")
                .param("limit", size).param("offset", (long) page * size).query(ErasureStore::erasure).list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM erasures").query(Long.class).single();
    }

    /** Steps of unfinished erasures whose last attempt failed (retried every poll interval): for the metrics. */
    long failingSteps() {
        return jdbc.sql("""
                        SELECT count(*) FROM erasure_steps s JOIN erasures e ON e.id = s.erasure_id
                        WHERE e.completed_at IS NULL AND s.error IS NOT NULL""")
                .query(Long.class).single();
    }

    /** Seconds since the oldest unfinished erasure was asked for; 0 when none is unfinished. */
    double oldestPendingSeconds() {
        return jdbc.sql("""
                        SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(requested_at)), 0)
                        FROM erasures WHERE completed_at IS NULL""")
                .query(Double.class).single();
    }

    /** Takes an unfinished erasure for {@code lease}, unless another instance holds it. */
    Optional<Erasure> claimNext(Duration lease) {
        return jdbc.sql("""
                        UPDATE erasures SET claimed_until = now() + CAST(:lease AS INTERVAL)
                        WHERE id = (SELECT id FROM erasures
                                    WHERE completed_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                                    ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .param("lease", lease.toMillis() + " milliseconds").query(ErasureStore::erasure).optional();
    }

    void release(UUID id) {
        jdbc.sql("UPDATE erasures SET claimed_until = NULL WHERE id = :id").param("id", id).update();
    }

    void positioned(UUID id, long position) {
        jdbc.sql("UPDATE erasures SET position = :position WHERE id = :id").param("id", id)
                .param("position", position).update();
    }

    List<ErasureView.Step> steps(UUID id) {
        return jdbc.sql("SELECT * FROM erasure_steps WHERE erasure_id = :id ORDER BY completed_at NULLS LAST, store")
                .param("id", id)
                .query((rs, n) -> new ErasureView.Step(rs.getString("store"), rs.getLong("erased"),
                        rs.getString("detail"), instant(rs.getTimestamp("completed_at")), rs.getString("error")))
                .list();
    }

    void stepDone(UUID id, String store, long erased, String detail) {
        jdbc.sql("""
                        INSERT INTO erasure_steps (erasure_id, store, erased, detail, completed_at)
                        VALUES (:id, :store, :erased, :detail, now())
                        ON CONFLICT (erasure_id, store) DO UPDATE
                            SET erased = EXCLUDED.erased, detail = EXCLUDED.detail, completed_at = now(), error = NULL""")
                .param("id", id).param("store", store).param("erased", erased).param("detail", detail).update();
    }

    void stepFailed(UUID id, String store, String error) {
        jdbc.sql("""
                        INSERT INTO erasure_steps (erasure_id, store, error) VALUES (:id, :store, :error)
                        ON CONFLICT (erasure_id, store) DO UPDATE SET error = EXCLUDED.error""")
                .param("id", id).param("store", store).param("error", error).update();
    }

    void keyDestroyed(UUID id) {
        jdbc.sql("UPDATE erasures SET key_destroyed_at = coalesce(key_destroyed_at, now()) WHERE id = :id")
                .param("id", id).update();
    }

    /** Completes the erasure; a user's id is replaced by "[erased]" in its own record too. */
    void complete(UUID id, Instant completedAt, String certificate, String certificateSha256, boolean forgetSubject) {
        jdbc.sql("""
                        UPDATE erasures SET completed_at = :at, certificate = :certificate, certificate_sha256 = :sha,
                            claimed_until = NULL,
                            subject_id = CASE WHEN :forget THEN :erased ELSE subject_id END
                        WHERE id = :id""")
                .param("id", id).param("at", Timestamp.from(completedAt)).param("sha", certificateSha256)
                .param("certificate", certificate)
                .param("forget", forgetSubject).param("erased", PersonalData.ERASED).update();
    }

    /** The certificate exactly as sealed: its SHA-256 is {@code certificateSha256}. */
    Optional<String> certificate(UUID id) {
        return jdbc.sql("SELECT certificate FROM erasures WHERE id = :id AND certificate IS NOT NULL")
                .param("id", id).query(String.class).optional();
    }

    /** An erased admin no longer appears as the requester of other erasures either. */
    long eraseRequester(String userId) {
        return jdbc.sql("UPDATE erasures SET requested_by = :erased WHERE requested_by = :user")
                .param("user", userId).param("erased", PersonalData.ERASED).update();
    }

    private static Erasure erasure(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Erasure(rs.getObject("id", UUID.class), rs.getString("subject_type"), rs.getString("subject_id"),
                rs.getString("requested_by"), instant(rs.getTimestamp("requested_at")), rs.getLong("position"),
                instant(rs.getTimestamp("key_destroyed_at")), instant(rs.getTimestamp("completed_at")),
                rs.getString("certificate_sha256"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
