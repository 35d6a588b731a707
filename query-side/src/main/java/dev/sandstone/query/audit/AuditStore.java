package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditRecordView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Audit records in PostgreSQL, written once per event id. */
@Repository
class AuditStore {

    private final JdbcClient jdbc;

    AuditStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> hashOf(String documentId, long version) {
        return jdbc.sql("SELECT hash FROM audit_records WHERE document_id = :id AND version = :version")
                .param("id", documentId).param("version", version).query(String.class).optional();
    }

    void append(AuditRecordView r) {
        jdbc.sql("""
                        INSERT INTO audit_records
                            (event_id, document_id, version, type, actor, at, trace_id, summary, hash, previous_hash)
                        VALUES (:eventId, :documentId, :version, :type, :actor, :at, :traceId, :summary, :hash, :previousHash)
                        ON CONFLICT DO NOTHING""")
                .param("eventId", r.eventId()).param("documentId", r.documentId()).param("version", r.version())
                .param("type", r.type()).param("actor", r.actor()).param("at", Timestamp.from(r.at()))
                .param("traceId", r.traceId()).param("summary", r.summary()).param("hash", r.hash())
                .param("previousHash", r.previousHash())
                .update();
    }

    List<AuditRecordView> page(String documentId, String actor, String type, Instant from, Instant to, int page,
                               int size) {
        Map<String, Object> params = filterParams(documentId, actor, type, from, to);
        return jdbc.sql("SELECT * FROM audit_records WHERE " + FILTERS + " ORDER BY at, document_id, version "
                        + "LIMIT :limit OFFSET :offset")
                .params(params).param("limit", size).param("offset", (long) page * size)
                .query(AuditStore::record).list();
    }

    long count(String documentId, String actor, String type, Instant from, Instant to) {
        return jdbc.sql("SELECT count(*) FROM audit_records WHERE " + FILTERS)
                .params(filterParams(documentId, actor, type, from, to)).query(Long.class).single();
    }

    List<AuditRecordView> chain(String documentId) {
        return jdbc.sql("SELECT * FROM audit_records WHERE document_id = :id ORDER BY version")
                .param("id", documentId).query(AuditStore::record).list();
    }

    void clear() {
        jdbc.sql("TRUNCATE audit_records").update();
    }

    private static final String FILTERS = "(CAST(:documentId AS VARCHAR) IS NULL OR document_id = :documentId)"
            + " AND (CAST(:actor AS VARCHAR) IS NULL OR actor = :actor)"
            + " AND (CAST(:type AS VARCHAR) IS NULL OR type = :type)"
            + " AND (CAST(:from AS TIMESTAMPTZ) IS NULL OR at >= :from)"
            + " AND (CAST(:to AS TIMESTAMPTZ) IS NULL OR at < :to)";

    private static Map<String, Object> filterParams(String documentId, String actor, String type, Instant from,
                                                    Instant to) {
        Map<String, Object> params = new HashMap<>();
        params.put("documentId", documentId);
        params.put("actor", actor);
        params.put("type", type);
        params.put("from", from == null ? null : Timestamp.from(from));
        params.put("to", to == null ? null : Timestamp.from(to));
        return params;
    }

    private static AuditRecordView record(ResultSet rs, int row) throws SQLException {
        return new AuditRecordView(rs.getString("event_id"), rs.getString("document_id"), rs.getLong("version"),
                rs.getString("type"), rs.getString("actor"), rs.getTimestamp("at").toInstant(),
                rs.getString("trace_id"), rs.getString("summary"), rs.getString("hash").trim(),
                rs.getString("previous_hash"));
    }
}
