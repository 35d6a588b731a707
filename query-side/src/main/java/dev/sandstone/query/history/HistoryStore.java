package dev.sandstone.query.history;

import dev.sandstone.api.document.query.HistoryEntry;
import dev.sandstone.api.privacy.PersonalData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Document history in PostgreSQL; one row per (document, version), written at most once. */
@Repository
class HistoryStore {

    private final JdbcClient jdbc;

    HistoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(String documentId, long version, String type, String actor, Instant at, String summary) {
        jdbc.sql("""
                        INSERT INTO document_history (document_id, version, type, actor, at, summary)
                        VALUES (:id, :version, :type, :actor, :at, :summary)
                        ON CONFLICT (document_id, version) DO NOTHING""")
                .param("id", documentId).param("version", version).param("type", type).param("actor", actor)
                .param("at", Timestamp.from(at)).param("summary", summary).update();
    }

    /** One history line, as {@link #record} takes it. */
    record Line(String documentId, long version, String type, String actor, Instant at, String summary) {
    }

    /** Several lines in one statement (a processor batch's), each written at most once. */
    void recordAll(List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        if (lines.size() == 1) {
            Line line = lines.get(0);
            record(line.documentId(), line.version(), line.type(), line.actor(), line.at(), line.summary());
            return;
        }
        jdbc.sql("""
                        INSERT INTO document_history (document_id, version, type, actor, at, summary)
                        SELECT id, version, type, actor, at::timestamptz, summary
                        FROM unnest(:ids, :versions, :types, :actors, :ats, :summaries)
                            AS line(id, version, type, actor, at, summary)
                        ON CONFLICT (document_id, version) DO NOTHING""")
                .param("ids", lines.stream().map(Line::documentId).toArray(String[]::new))
                .param("versions", lines.stream().map(Line::version).toArray(Long[]::new))
                .param("types", lines.stream().map(Line::type).toArray(String[]::new))
                .param("actors", lines.stream().map(Line::actor).toArray(String[]::new))
                .param("ats", lines.stream().map(line -> line.at().toString()).toArray(String[]::new))
                .param("summaries", lines.stream().map(Line::summary).toArray(String[]::new))
                .update();
    }

    List<HistoryEntry> page(String documentId, int page, int size) {
        return jdbc.sql("""
                        SELECT version, type, actor, at, summary FROM document_history
                        WHERE document_id = :id ORDER BY version DESC LIMIT :limit OFFSET :offset""")
                .param("id", documentId).param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> new HistoryEntry(rs.getLong("version"), rs.getString("type"),
                        rs.getString("actor"), rs.getTimestamp("at").toInstant(), rs.getString("summary")))
                .list();
    }

    long count(String documentId) {
        return jdbc.sql("SELECT count(*) FROM document_history WHERE document_id = :id")
                .param("id", documentId).query(Long.class).single();
    }

    /** The lowest version PostgreSQL still holds for a document; 0 when it holds none. */
    long lowestVersion(String documentId) {
        return jdbc.sql("SELECT coalesce(min(version), 0) FROM document_history WHERE document_id = :id")
                .param("id", documentId).query(Long.class).single();
    }

    /** Documents (in id order, after {@code afterDocumentId}) with history entries older than the cutoff. */
    List<String> documentsWithHistoryBefore(Instant cutoff, String afterDocumentId, int limit) {
        return jdbc.sql("""
                        SELECT DISTINCT document_id FROM document_history
                        WHERE at < :cutoff AND document_id > :after ORDER BY document_id LIMIT :limit""")
                .param("cutoff", Timestamp.from(cutoff)).param("after", afterDocumentId).param("limit", limit)
                .query(String.class).list();
    }

    /** The newest version older than the cutoff; 0 when there is none. */
    long newestVersionBefore(String documentId, Instant cutoff) {
        return jdbc.sql("SELECT coalesce(max(version), 0) FROM document_history WHERE document_id = :id AND at < :cutoff")
                .param("id", documentId).param("cutoff", Timestamp.from(cutoff)).query(Long.class).single();
    }

    /** The oldest version at or after the cutoff; {@link Long#MAX_VALUE} when there is none. */
    long oldestVersionFrom(String documentId, Instant cutoff) {
        return jdbc.sql("SELECT min(version) FROM document_history WHERE document_id = :id AND at >= :cutoff")
                .param("id", documentId).param("cutoff", Timestamp.from(cutoff)).query(Long.class).optional()
                .orElse(Long.MAX_VALUE);
    }

    long deleteUpTo(String documentId, long version) {
        return jdbc.sql("DELETE FROM document_history WHERE document_id = :id AND version <= :version")
                .param("id", documentId).param("version", version).update();
    }

    /** Erasure: the document's history rows are deleted; returns how many. */
    long eraseDocument(String documentId) {
        return jdbc.sql("DELETE FROM document_history WHERE document_id = :id").param("id", documentId).update();
    }

    /** Erasure of a user: as actor, and where a role change names them, they become "[erased]". */
    long eraseUser(String userId) {
        int actor = jdbc.sql("UPDATE document_history SET actor = :erased WHERE actor = :user")
                .param("user", userId).param("erased", PersonalData.ERASED).update();
        int named = jdbc.sql("UPDATE document_history SET summary = " + DocumentEventDescriptions.USER_ERASED_SQL
                        + " WHERE " + DocumentEventDescriptions.NAMES_USER_SQL)
                .param("user", userId).update();
        return actor + named;
    }

    void clear() {
        jdbc.sql("TRUNCATE document_history").update();
    }
}
