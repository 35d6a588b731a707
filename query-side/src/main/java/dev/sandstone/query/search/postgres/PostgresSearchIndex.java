package dev.sandstone.query.search.postgres;

import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.search.SearchHit;
import dev.sandstone.query.search.Highlights;
import dev.sandstone.query.search.IndexedDocument;
import dev.sandstone.query.search.SearchIndex;
import dev.sandstone.query.search.SearchPage;
import dev.sandstone.query.search.SearchRequest;
import dev.sandstone.query.search.SearchText;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Search on PostgreSQL full text: a weighted tsvector (title A, content B) with a GIN index, AND of the query's
 * words and quoted phrases ({@code websearch_to_tsquery}, {@code plainto_tsquery}), a prefix match on the last word,
 * and typo tolerance: a word that is not in the lexicon (the stems of everything indexed) also matches its nearest
 * known stems, found by trigram distance ({@code pg_trgm}, GiST index) and confirmed by Levenshtein distance. Highlights come from {@code ts_headline}. Good for small deployments; rebuilds are not zero-downtime.
 */
public class PostgresSearchIndex implements SearchIndex {

    private static final String CONFIG = "english";
    private static final int MAX_CORRECTIONS = 5;

    private final JdbcClient jdbc;

    public PostgresSearchIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<IndexedDocument> find(String id) {
        return jdbc.sql("SELECT * FROM search_documents WHERE id = :id").param("id", id)
                .query(PostgresSearchIndex::document).optional();
    }

    @Override
    public void upsert(IndexedDocument d) {
        jdbc.sql("""
                        INSERT INTO search_documents (id, title, content, tags, status, owner, viewers, updated_at, version)
                        VALUES (:id, :title, :content, :tags, :status, :owner, :viewers, :updatedAt, :version)
                        ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, content = EXCLUDED.content,
                            tags = EXCLUDED.tags, status = EXCLUDED.status, owner = EXCLUDED.owner,
                            viewers = EXCLUDED.viewers, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
                        WHERE search_documents.version < EXCLUDED.version""")
                .param("id", d.id()).param("title", d.title()).param("content", d.content())
                .param("tags", d.tags().toArray(String[]::new)).param("status", d.status().name())
                .param("owner", d.owner()).param("viewers", d.viewers().toArray(String[]::new))
                .param("updatedAt", Timestamp.from(d.updatedAt())).param("version", d.version())
                .update();
        jdbc.sql("""
                        INSERT INTO search_lexemes (word)
                        SELECT lexeme FROM search_documents s, unnest(s.document) WHERE s.id = :id
                        ON CONFLICT DO NOTHING""")
                .param("id", d.id()).update();
    }

    @Override
    public void delete(String id) {
        jdbc.sql("DELETE FROM search_documents WHERE id = :id").param("id", id).update();
    }

    /**
     * Deletes the document, then every word of the typo-tolerance lexicon that no indexed document contains any more
     * (the lexicon only grows otherwise, so it may still hold words of the document's earlier versions).
     */
    @Override
    public long eraseDocument(String id) {
        int deleted = jdbc.sql("DELETE FROM search_documents WHERE id = :id").param("id", id).update();
        int words = jdbc.sql("""
                        DELETE FROM search_lexemes l WHERE NOT EXISTS (
                            SELECT 1 FROM search_documents d WHERE d.document @@ CAST(quote_literal(l.word) AS TSQUERY))""")
                .update();
        return deleted + words;
    }

    @Override
    public long eraseUser(String userId) {
        return jdbc.sql("""
                        UPDATE search_documents SET viewers = array_remove(viewers, CAST(:user AS TEXT)),
                            owner = CASE WHEN owner = :user THEN :erased ELSE owner END
                        WHERE CAST(:user AS TEXT) = ANY (viewers) OR owner = :user""")
                .param("user", userId).param("erased", PersonalData.ERASED).update();
    }

    @Override
    public void beginRebuild() {
        jdbc.sql("TRUNCATE search_documents").update();
    }

    @Override
    public void completeRebuild() {
        // Rebuilt in place.
    }

    @Override
    public SearchPage search(SearchRequest request) {
        Map<String, Object> params = new HashMap<>();
        String query = tsquery(request.text(), params);
        StringBuilder where = new StringBuilder("s.document @@ q.query");
        if (request.viewer() != null) {
            where.append(" AND s.viewers @> ARRAY[CAST(:viewer AS TEXT)]");
            params.put("viewer", request.viewer());
        }
        if (!request.excludedIds().isEmpty()) {
            where.append(" AND s.id <> ALL(:excluded)");
            params.put("excluded", request.excludedIds().toArray(String[]::new));
        }
        if (request.status() == null) {
            where.append(" AND s.status <> 'ARCHIVED'");
        } else {
            where.append(" AND s.status = :status");
            params.put("status", request.status().name());
        }
        if (request.tag() != null) {
            where.append(" AND s.tags @> ARRAY[CAST(:tag AS TEXT)]");
            params.put("tag", request.tag());
        }
        if (request.owner() != null) {
            where.append(" AND s.owner = :owner");
            params.put("owner", request.owner());
        }
        String from = " FROM search_documents s, (SELECT " + query + " AS query) q WHERE " + where;
        long total = jdbc.sql("SELECT count(*)" + from).params(params).query(Long.class).single();
        List<SearchHit> hits = total == 0 ? List.of() : jdbc.sql("""
                        SELECT s.id, s.title, s.status, s.tags, s.updated_at,
                               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', s.document, q.query) AS score,
                               ts_headline('english', translate(s.title, '<>', chr(5) || chr(6)), q.query,
                                   'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', HighlightAll=true') AS title_hl,
                               ts_headline('english', translate(s.content, '<>', chr(5) || chr(6)), q.query,
                                   'StartSel=' || chr(57344) || ', StopSel=' || chr(57345)
                                   || ', MaxFragments=3, MaxWords=25, MinWords=8, FragmentDelimiter=' || chr(3)) AS content_hl
                        """ + from + " ORDER BY score DESC, s.updated_at DESC, s.id LIMIT :limit OFFSET :offset")
                .params(params).param("limit", request.size()).param("offset", (long) request.page() * request.size())
                .query(PostgresSearchIndex::hit).list();
        return new SearchPage(hits, total);
    }

    /**
     * Builds the tsquery SQL expression: every phrase and word must match (AND); a word with no match of its own
     * may match its closest known spellings instead; the last word also matches as a prefix.
     */
    private String tsquery(SearchText text, Map<String, Object> params) {
        List<String> parts = new ArrayList<>();
        for (String phrase : text.phrases()) {
            String name = "p" + params.size();
            params.put(name, phrase);
            parts.add("websearch_to_tsquery('" + CONFIG + "', '\"' || :" + name + " || '\"')");
        }
        for (String word : text.words()) {
            parts.add(wordQuery(word, params, false));
        }
        if (text.prefix() != null) {
            parts.add(wordQuery(text.prefix(), params, true));
        }
        return "(" + String.join(" && ", parts) + ")";
    }

    private String wordQuery(String word, Map<String, Object> params, boolean prefix) {
        String name = "w" + params.size();
        params.put(name, word);
        List<String> alternatives = new ArrayList<>();
        alternatives.add("plainto_tsquery('" + CONFIG + "', :" + name + ")");
        if (prefix) {
            alternatives.add("to_tsquery('simple', :" + name + " || ':*')");
        }
        for (String correction : corrections(word)) {
            String alternative = "c" + params.size();
            params.put(alternative, correction);
            alternatives.add("to_tsquery('simple', :" + alternative + ")");
        }
        return "(" + String.join(" || ", alternatives) + ")";
    }

    /** Known words within one edit (two for words of 8+ letters) of a word that is not itself known. */
    private List<String> corrections(String word) {
        if (word.length() < 4) {
            return List.of();
        }
        return jdbc.sql("""
                        WITH stem AS (
                            SELECT coalesce((SELECT lexeme FROM unnest(to_tsvector('english', :word)) LIMIT 1), :word) AS w),
                        nearest AS (
                            SELECT l.word FROM search_lexemes l, stem
                            WHERE NOT EXISTS (SELECT 1 FROM search_lexemes k WHERE k.word = stem.w)
                            ORDER BY l.word <-> stem.w
                            LIMIT 50)
                        SELECT n.word FROM nearest n, stem
                        WHERE levenshtein_less_equal(n.word, stem.w, :distance) <= :distance
                        ORDER BY levenshtein_less_equal(n.word, stem.w, :distance), n.word
                        LIMIT :limit""")
                .param("word", word).param("distance", word.length() >= 8 ? 2 : 1).param("limit", MAX_CORRECTIONS)
                .query(String.class).list()
                .stream().filter(w -> w.chars().allMatch(Character::isLetterOrDigit)).toList();
    }

    private static SearchHit hit(ResultSet rs, int row) throws SQLException {
        Map<String, List<String>> highlights = new LinkedHashMap<>();
        highlights.put("title", Highlights.toHtml(List.of(unmask(rs.getString("title_hl")))));
        highlights.put("content", Highlights.toHtml(Arrays.asList(unmask(rs.getString("content_hl")).split("\u0003"))));
        return new SearchHit(rs.getString("id"), rs.getString("title"), DocumentStatus.valueOf(rs.getString("status")),
                strings(rs.getArray("tags")), rs.getTimestamp("updated_at").toInstant(), rs.getDouble("score"),
                highlights);
    }

    /**
     * ts_headline drops anything that looks like an HTML tag, so angle brackets are masked going in and restored
     * here; {@link Highlights} then escapes them like any other text.
     */
    private static String unmask(String headline) {
        return headline.replace('\u0005', '<').replace('\u0006', '>');
    }

    private static IndexedDocument document(ResultSet rs, int row) throws SQLException {
        return new IndexedDocument(rs.getString("id"), rs.getString("title"), rs.getString("content"),
                strings(rs.getArray("tags")), DocumentStatus.valueOf(rs.getString("status")), rs.getString("owner"),
                Set.copyOf(strings(rs.getArray("viewers"))), rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
