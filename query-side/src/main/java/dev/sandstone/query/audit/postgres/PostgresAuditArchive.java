package dev.sandstone.query.audit.postgres;

import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.query.audit.AuditArchive;
import dev.sandstone.query.audit.AuditFilter;
import dev.sandstone.query.history.DocumentEventDescriptions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Audit records in the read model's PostgreSQL database, kept forever (the local default). */
public class PostgresAuditArchive implements AuditArchive {

    private static final String FILTERS = "(CAST(:documentId AS VARCHAR) IS NULL OR document_id = :documentId)"
            + " AND (CAST(:actor AS VARCHAR) IS NULL OR actor = :actor)"
            + " AND (CAST(:type AS VARCHAR) IS NULL OR type = :type)"
            + " AND (CAST(:from AS TIMESTAMPTZ) IS NULL OR at >= :from)"
            + " AND (CAST(:to AS TIMESTAMPTZ) IS NULL OR at < :to)";

    /** The request of a subject-access export names its user at the end of its summary (ExportAuditProjection). */
    private static final String EXPORT_NAMES_USER_SQL = "type = 'export_requested' "
            + "AND right(summary, length(:user) + 9) = ' of user ' || :user";

    private final JdbcClient jdbc;

    public PostgresAuditArchive(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> hashOf(String documentId, long version) {
        return jdbc.sql("SELECT hash FROM audit_records WHERE document_id = :id AND version = :version")
                .param("id", documentId).param("version", version).query(String.class).optional()
                .map(String::trim);
    }

    @Override
    public Map<Long, String> hashesOf(String documentId, long fromVersion, long toVersion) {
        Map<Long, String> hashes = new HashMap<>();
        jdbc.sql("SELECT version, hash FROM audit_records WHERE document_id = :id AND version BETWEEN :from AND :to")
                .param("id", documentId).param("from", fromVersion).param("to", toVersion)
                .query((rs, n) -> hashes.put(rs.getLong("version"), rs.getString("hash").trim())).list();
        return hashes;
    }

    /** One statement for a processor batch's records; each is left as it is where already stored. */
    @Override
    public void appendAll(List<AuditRecordView> records) {
        if (records.size() <= 1) {
            records.forEach(this::append);
            return;
        }
        jdbc.sql("""
                        INSERT INTO audit_records
                            (event_id, document_id, version, type, actor, at, trace_id, summary, hash, previous_hash,
                             actor_seal, summary_seal)
                        SELECT event_id, document_id, version, type, actor, at::timestamptz, trace_id, summary, hash,
                               previous_hash, actor_seal, summary_seal
                        FROM unnest(:eventIds, :documentIds, :versions, :types, :actors, :ats, :traceIds, :summaries,
                                    :hashes, :previousHashes, :actorSeals, :summarySeals)
                            AS r(event_id, document_id, version, type, actor, at, trace_id, summary, hash,
                                 previous_hash, actor_seal, summary_seal)
                        ON CONFLICT DO NOTHING""")
                .param("eventIds", column(records, AuditRecordView::eventId))
                .param("documentIds", column(records, AuditRecordView::documentId))
                .param("versions", records.stream().map(AuditRecordView::version).toArray(Long[]::new))
                .param("types", column(records, AuditRecordView::type))
                .param("actors", column(records, AuditRecordView::actor))
                .param("ats", column(records, r -> r.at().toString()))
                .param("traceIds", column(records, AuditRecordView::traceId))
                .param("summaries", column(records, AuditRecordView::summary))
                .param("hashes", column(records, AuditRecordView::hash))
                .param("previousHashes", column(records, AuditRecordView::previousHash))
                .param("actorSeals", column(records, AuditRecordView::actorSeal))
                .param("summarySeals", column(records, AuditRecordView::summarySeal))
                .update();
    }

    private static String[] column(List<AuditRecordView> records,
                                   java.util.function.Function<AuditRecordView, String> value) {
        return records.stream().map(value).toArray(String[]::new);
    }

    @Override
    public void append(AuditRecordView r) {
        jdbc.sql("""
                        INSERT INTO audit_records
                            (event_id, document_id, version, type, actor, at, trace_id, summary, hash, previous_hash,
                             actor_seal, summary_seal)
                        VALUES (:eventId, :documentId, :version, :type, :actor, :at, :traceId, :summary, :hash, :previousHash,
                                :actorSeal, :summarySeal)
                        ON CONFLICT DO NOTHING""")
                .param("eventId", r.eventId()).param("documentId", r.documentId()).param("version", r.version())
                .param("type", r.type()).param("actor", r.actor()).param("at", Timestamp.from(r.at()))
                .param("traceId", r.traceId()).param("summary", r.summary()).param("hash", r.hash())
                .param("previousHash", r.previousHash()).param("actorSeal", r.actorSeal())
                .param("summarySeal", r.summarySeal())
                .update();
    }

    @Override
    public List<AuditRecordView> page(AuditFilter filter, int page, int size) {
        return jdbc.sql("SELECT * FROM audit_records WHERE " + FILTERS + " ORDER BY at, document_id, version "
                        + "LIMIT :limit OFFSET :offset")
                .params(filterParams(filter)).param("limit", size).param("offset", (long) page * size)
                .query(PostgresAuditArchive::record).list();
    }

    @Override
    public long count(AuditFilter filter) {
        return jdbc.sql("SELECT count(*) FROM audit_records WHERE " + FILTERS)
                .params(filterParams(filter)).query(Long.class).single();
    }

    @Override
    public Stream<AuditRecordView> chain(String documentId) {
        return jdbc.sql("SELECT * FROM audit_records WHERE document_id = :id ORDER BY version")
                .param("id", documentId).query(PostgresAuditArchive::record).stream();
    }

    @Override
    public boolean expiresRecords() {
        return false;
    }

    @Override
    public long eraseDocument(String documentId) {
        return jdbc.sql("UPDATE audit_records SET summary = :erased WHERE document_id = :id AND summary <> :erased")
                .param("id", documentId).param("erased", PersonalData.ERASED).update();
    }

    @Override
    public long eraseUser(String userId) {
        int actor = jdbc.sql("UPDATE audit_records SET actor = :erased WHERE actor = :user")
                .param("user", userId).param("erased", PersonalData.ERASED).update();
        int named = jdbc.sql("UPDATE audit_records SET summary = " + DocumentEventDescriptions.USER_ERASED_SQL
                        + " WHERE (" + DocumentEventDescriptions.NAMES_USER_SQL + ") OR (" + EXPORT_NAMES_USER_SQL + ")")
                .param("user", userId).update();
        return actor + named;
    }

    private static Map<String, Object> filterParams(AuditFilter filter) {
        Map<String, Object> params = new HashMap<>();
        params.put("documentId", filter.documentId());
        params.put("actor", filter.actor());
        params.put("type", filter.type());
        params.put("from", filter.from() == null ? null : Timestamp.from(filter.from()));
        params.put("to", filter.to() == null ? null : Timestamp.from(filter.to()));
        return params;
    }

    private static AuditRecordView record(ResultSet rs, int row) throws SQLException {
        return new AuditRecordView(rs.getString("event_id"), rs.getString("document_id"), rs.getLong("version"),
                rs.getString("type"), rs.getString("actor"), rs.getTimestamp("at").toInstant(),
                rs.getString("trace_id"), rs.getString("summary"), rs.getString("hash").trim(),
                rs.getString("previous_hash"), rs.getString("actor_seal"), rs.getString("summary_seal"));
    }
}
