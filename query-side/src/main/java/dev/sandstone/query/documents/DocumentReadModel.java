package dev.sandstone.query.documents;

import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.document.query.ContentLocation;
import dev.sandstone.api.document.query.DocumentView;
import dev.sandstone.api.document.query.MemberView;
import dev.sandstone.api.document.query.PublishedVersionView;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.privacy.ErasedData;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.security.Actor;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The documents read model in PostgreSQL. Writes are keyed by document id and version, so applying an
 * event twice (a replay, a retry) changes nothing the second time.
 */
@Repository
public class DocumentReadModel {

    private static final String VIEW_COLUMNS = "id, title, tags, status, version, owner, created_at, updated_at, "
            + "latest_published_version, content_chunks IS NOT NULL AS stored, content_size";

    private final JdbcClient jdbc;

    public DocumentReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- writes (projection) ----

    void insert(String id, String title, String content, List<String> tags, String owner, long version, Instant at) {
        jdbc.sql("""
                        INSERT INTO documents (id, title, content, tags, status, version, owner, created_at, updated_at)
                        VALUES (:id, :title, :content, :tags, 'DRAFT', :version, :owner, :at, :at)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", id).param("title", title).param("content", content)
                .param("tags", tags.toArray(String[]::new)).param("version", version).param("owner", owner)
                .param("at", Timestamp.from(at))
                .update();
        putMember(id, owner, "owner");
    }

    /** The stored content when the document is exactly one version behind {@code version}, locked for update. */
    Optional<String> contentBefore(String id, long version) {
        return jdbc.sql("SELECT content FROM documents WHERE id = :id AND version = :previous FOR UPDATE")
                .param("id", id).param("previous", version - 1)
                .query(String.class).optional();
    }

    /** Applies a change if the document is not yet at {@code version}; false when it already was. */
    boolean advance(String id, long version, Instant at, String assignments, Map<String, ?> values) {
        JdbcClient.StatementSpec statement = jdbc.sql("UPDATE documents SET " + assignments
                        + (assignments.isEmpty() ? "" : ", ") + "version = :version, updated_at = :at "
                        + "WHERE id = :id AND version < :version")
                .param("id", id).param("version", version).param("at", Timestamp.from(at));
        for (Map.Entry<String, ?> value : values.entrySet()) {
            statement = statement.param(value.getKey(), value.getValue());
        }
        return statement.update() == 1;
    }

    void putMember(String id, String userId, String role) {
        if (ErasedData.isErased(userId)) {
            return; // an erased user (replayed after the erasure) holds no role
        }
        jdbc.sql("DELETE FROM member_revocations WHERE user_id = :user AND document_id = :id")
                .param("id", id).param("user", userId).update();
        jdbc.sql("""
                        INSERT INTO document_members (document_id, user_id, role) VALUES (:id, :user, :role)
                        ON CONFLICT (document_id, user_id) DO UPDATE SET role = EXCLUDED.role""")
                .param("id", id).param("user", userId).param("role", role).update();
    }

    void removeMember(String id, String userId, Instant at) {
        jdbc.sql("DELETE FROM document_members WHERE document_id = :id AND user_id = :user")
                .param("id", id).param("user", userId).update();
        jdbc.sql("""
                        INSERT INTO member_revocations (document_id, user_id, revoked_at) VALUES (:id, :user, :at)
                        ON CONFLICT (user_id, document_id) DO UPDATE SET revoked_at = EXCLUDED.revoked_at""")
                .param("id", id).param("user", userId).param("at", Timestamp.from(at)).update();
    }

    /** Documents the user lost access to and has not regained: never shown, whatever a search index says. */
    public List<String> revokedFrom(String userId) {
        return jdbc.sql("SELECT document_id FROM member_revocations WHERE user_id = :user")
                .param("user", userId).query(String.class).list();
    }

    /** Remembers chunks that an event of the document refers to, so the blob sweep never deletes them. */
    void referenceChunks(String documentId, List<ChunkRef> chunks, Instant at) {
        jdbc.sql("""
                        INSERT INTO blob_references (sha256, document_id, first_seen)
                        SELECT sha, :id, :at FROM unnest(CAST(:shas AS VARCHAR[])) AS sha ON CONFLICT DO NOTHING""")
                .param("shas", chunks.stream().map(ChunkRef::sha256).distinct().toArray(String[]::new))
                .param("id", documentId).param("at", Timestamp.from(at)).update();
    }

    /** Where the current content (or a published version's) is, when the viewer may read the document. */
    Optional<ContentLocation> contentLocation(String id, Integer publishedVersion) {
        String sql = publishedVersion == null
                ? "SELECT content, content_chunks, content_size, content_sha256, NULL AS object_sha256 FROM documents "
                        + "WHERE id = :id AND NOT deleted"
                : "SELECT p.content, p.content_chunks, p.content_size, p.content_sha256, o.sha256 AS object_sha256 "
                        + "FROM published_versions p LEFT JOIN published_objects o ON o.document_id = p.document_id "
                        + "AND o.published_version = p.published_version "
                        + "WHERE p.document_id = :id AND p.published_version = :n";
        return jdbc.sql(sql).param("id", id).param("n", publishedVersion)
                .query((rs, n) -> {
                    String object = rs.getString("object_sha256");
                    if (object != null) {
                        // The published version's whole content as one immutable object.
                        long size = rs.getLong("content_size");
                        return new ContentLocation(null, List.of(new ChunkRef(object, size, null)), size, object,
                                true);
                    }
                    List<ChunkRef> chunks = StoredChunks.fromJson(rs.getString("content_chunks"));
                    if (chunks == null) {
                        String content = rs.getString("content");
                        return new ContentLocation(content, null, utf8Length(content), null);
                    }
                    return new ContentLocation(null, chunks, rs.getLong("content_size"),
                            rs.getString("content_sha256"));
                }).optional();
    }

    /** Copies the current title and content as published version n (unchanged if it exists). */
    void publish(String id, int publishedVersion, long documentVersion, String publishedBy, Instant at) {
        jdbc.sql("""
                        INSERT INTO published_versions
                            (document_id, published_version, document_version, title, content, published_at, published_by,
                             content_chunks, content_size, content_sha256)
                        SELECT id, :n, :documentVersion, title, content, :at, :by, content_chunks, content_size,
                               content_sha256
                        FROM documents WHERE id = :id
                        ON CONFLICT (document_id, published_version) DO NOTHING""")
                .param("id", id).param("n", publishedVersion).param("documentVersion", documentVersion)
                .param("at", Timestamp.from(at)).param("by", publishedBy).update();
    }

    /** Erasure: the document's row, members, revocations and published versions are gone; returns rows deleted. */
    public long eraseDocument(String id) {
        int revocations = jdbc.sql("DELETE FROM member_revocations WHERE document_id = :id").param("id", id).update();
        int published = jdbc.sql("DELETE FROM published_versions WHERE document_id = :id").param("id", id).update();
        int members = jdbc.sql("DELETE FROM document_members WHERE document_id = :id").param("id", id).update();
        int document = jdbc.sql("DELETE FROM documents WHERE id = :id").param("id", id).update();
        return revocations + published + members + document;
    }

    /**
     * Erasure of a user: their memberships and revocations are deleted, and where they own a document or published
     * a version they become {@code "[erased]"} (the documents stay: they are their teams' too). Returns rows changed.
     */
    public long eraseUser(String userId) {
        int members = jdbc.sql("DELETE FROM document_members WHERE user_id = :user").param("user", userId).update();
        int revocations = jdbc.sql("DELETE FROM member_revocations WHERE user_id = :user")
                .param("user", userId).update();
        int owned = jdbc.sql("UPDATE documents SET owner = :erased WHERE owner = :user")
                .param("user", userId).param("erased", PersonalData.ERASED).update();
        int published = jdbc.sql("UPDATE published_versions SET published_by = :erased WHERE published_by = :user")
                .param("user", userId).param("erased", PersonalData.ERASED).update();
        return members + revocations + owned + published;
    }

    void clear() {
        jdbc.sql("TRUNCATE documents, document_members, published_versions, member_revocations CASCADE").update();
    }

    // ---- reads ----

    public Optional<Long> version(String id) {
        return jdbc.sql("SELECT version FROM documents WHERE id = :id").param("id", id).query(Long.class).optional();
    }

    /** The document when it exists, is not deleted and the viewer may see it. */
    Optional<DocumentView> find(String id, Actor viewer, boolean withContent) {
        return jdbc.sql("SELECT " + VIEW_COLUMNS + (withContent ? ", content" : ", NULL AS content")
                        + " FROM documents d WHERE id = :id AND NOT deleted AND " + visibleTo(viewer))
                .param("id", id).param("user", viewer.userId())
                .query(DocumentReadModel::view).optional();
    }

    /** The document's version when it exists, is not deleted and the viewer may see it; its content is not read. */
    Optional<Long> visibleVersion(String id, Actor viewer) {
        return jdbc.sql("SELECT version FROM documents d WHERE id = :id AND NOT deleted AND " + visibleTo(viewer))
                .param("id", id).param("user", viewer.userId()).query(Long.class).optional();
    }

    /** 404 unless the document exists, is not deleted and the viewer has a role on it (or sees everything). */
    public void requireVisible(String id, Actor viewer) {
        Boolean visible = jdbc.sql("SELECT TRUE FROM documents d WHERE id = :id AND NOT deleted AND " + visibleTo(viewer))
                .param("id", id).param("user", viewer.userId()).query(Boolean.class).optional().orElse(false);
        if (!visible) {
            throw DomainException.notFound("No such document");
        }
    }

    List<DocumentView> list(Actor viewer, DocumentStatus status, String tag, int page, int size) {
        return jdbc.sql("SELECT " + VIEW_COLUMNS + ", NULL AS content FROM documents d WHERE " + filters(viewer)
                        + " ORDER BY updated_at DESC, id LIMIT :limit OFFSET :offset")
                .params(filterParams(viewer, status, tag))
                .param("limit", size).param("offset", (long) page * size)
                .query(DocumentReadModel::view).list();
    }

    long count(Actor viewer, DocumentStatus status, String tag) {
        return jdbc.sql("SELECT count(*) FROM documents d WHERE " + filters(viewer))
                .params(filterParams(viewer, status, tag)).query(Long.class).single();
    }

    List<MemberView> members(String id) {
        return jdbc.sql("""
                        SELECT user_id, role FROM document_members WHERE document_id = :id
                        ORDER BY CASE role WHEN 'owner' THEN 0 WHEN 'publisher' THEN 1 WHEN 'editor' THEN 2 ELSE 3 END,
                                 user_id""")
                .param("id", id)
                .query((rs, n) -> new MemberView(rs.getString("user_id"), rs.getString("role"))).list();
    }

    List<PublishedVersionView> publishedVersions(String id) {
        return jdbc.sql("""
                        SELECT published_version, document_version, title, published_at, published_by, NULL AS content,
                               content_chunks IS NOT NULL AS stored
                        FROM published_versions WHERE document_id = :id ORDER BY published_version""")
                .param("id", id).query(DocumentReadModel::published).list();
    }

    Optional<PublishedVersionView> publishedVersion(String id, int n) {
        return jdbc.sql("""
                        SELECT published_version, document_version, title, published_at, published_by, content,
                               content_chunks IS NOT NULL AS stored
                        FROM published_versions WHERE document_id = :id AND published_version = :n""")
                .param("id", id).param("n", n).query(DocumentReadModel::published).optional();
    }

    private static String visibleTo(Actor viewer) {
        return viewer.canViewEverything() ? "TRUE"
                : "EXISTS (SELECT 1 FROM document_members m WHERE m.document_id = d.id AND m.user_id = :user)";
    }

    private static String filters(Actor viewer) {
        return "NOT deleted AND " + visibleTo(viewer)
                + " AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)"
                + " AND (CAST(:tag AS TEXT) IS NULL OR tags @> ARRAY[CAST(:tag AS TEXT)])";
    }

    private static Map<String, Object> filterParams(Actor viewer, DocumentStatus status, String tag) {
        Map<String, Object> params = new HashMap<>();
        params.put("user", viewer.userId());
        params.put("status", status == null ? null : status.name());
        params.put("tag", tag);
        return params;
    }

    private static DocumentView view(ResultSet rs, int row) throws SQLException {
        Integer published = rs.getObject("latest_published_version", Integer.class);
        String id = rs.getString("id");
        boolean stored = rs.getBoolean("stored");
        String content = stored ? null : rs.getString("content");
        Long size = stored ? Long.valueOf(rs.getLong("content_size"))
                : content == null ? null : Long.valueOf(utf8Length(content));
        return new DocumentView(id, rs.getString("title"), content,
                tags(rs.getArray("tags")), DocumentStatus.valueOf(rs.getString("status")), rs.getLong("version"),
                rs.getString("owner"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), published, size, stored,
                "/api/documents/" + id + "/content");
    }

    private static long utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static PublishedVersionView published(ResultSet rs, int row) throws SQLException {
        boolean stored = rs.getBoolean("stored");
        return new PublishedVersionView(rs.getInt("published_version"), rs.getLong("document_version"),
                rs.getString("title"), rs.getTimestamp("published_at").toInstant(), rs.getString("published_by"),
                stored ? null : rs.getString("content"));
    }

    private static List<String> tags(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (Object tag : (Object[]) array.getArray()) {
            tags.add((String) tag);
        }
        return List.copyOf(tags);
    }
}
