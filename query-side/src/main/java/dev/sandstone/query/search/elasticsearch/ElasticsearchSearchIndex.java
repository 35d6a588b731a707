package dev.sandstone.query.search.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.Result;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.DeleteResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.search.SearchHit;
import dev.sandstone.platform.web.DependencyUnavailableException;
import dev.sandstone.query.search.Highlights;
import dev.sandstone.query.search.IndexedDocument;
import dev.sandstone.query.search.SearchIndex;
import dev.sandstone.query.search.SearchPage;
import dev.sandstone.query.search.SearchRequest;
import dev.sandstone.query.search.SearchText;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;

/**
 * Search on Elasticsearch. The index mapping and settings live in {@code search/elasticsearch/documents-index.json}.
 * Two aliases front the physical indices: {@code <alias>} is searched, {@code <alias>-write} is written. A rebuild
 * moves only the write alias to a fresh index, replays into it, then moves the search alias and drops the old
 * index: searches never see an empty or half-built index. Titles weigh three times content; words match with
 * fuzziness AUTO (one wrong letter in 3-5 letters, two from 6); the last word also matches as a prefix.
 */
public class ElasticsearchSearchIndex implements SearchIndex {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchSearchIndex.class);
    private static final String MAPPING = "search/elasticsearch/documents-index.json";
    private static final List<String> FIELDS = List.of("title^3", "content");
    private static final int MAX_ANALYZED_OFFSET = 1_000_000;

    private final ElasticsearchClient client;
    private final String searchAlias;
    private final String writeAlias;
    private volatile boolean ready;

    public ElasticsearchSearchIndex(ElasticsearchClient client, String alias) {
        this.client = client;
        this.searchAlias = alias;
        this.writeAlias = alias + "-write";
    }

    @Override
    public Optional<IndexedDocument> find(String id) {
        ensureIndex();
        GetResponse<EsDocument> response = call(() -> client.get(g -> g.index(writeAlias).id(id), EsDocument.class));
        return response.found() && response.source() != null ? Optional.of(response.source().toIndexed())
                : Optional.empty();
    }

    @Override
    public void upsert(IndexedDocument document) {
        ensureIndex();
        call(() -> client.index(i -> i.index(writeAlias).id(document.id()).document(EsDocument.of(document))));
    }

    @Override
    public void delete(String id) {
        ensureIndex();
        call(() -> client.delete(d -> d.index(writeAlias).id(id)));
    }

    /** Deletes by id from the searched and the written index (two during a rebuild, else one). */
    @Override
    public long eraseDocument(String id) {
        ensureIndex();
        long deleted = 0;
        for (String target : Set.of(searchAlias, writeAlias)) {
            DeleteResponse response = call(() -> client.delete(d -> d.index(target).id(id).refresh(Refresh.WaitFor)));
            deleted += response.result() == Result.Deleted ? 1 : 0;
        }
        return deleted;
    }

    /**
     * Rewrites the documents that name the user (as viewer or owner) in the searched and the written index, a page at
     * a time with bulk partial updates (plain search and bulk: no by-query APIs, which a cluster may lack).
     */
    @Override
    public long eraseUser(String userId) {
        ensureIndex();
        long updated = 0;
        for (String target : Set.of(searchAlias, writeAlias)) {
            Set<String> done = new HashSet<>();
            while (true) {
                SearchResponse<EsDocument> page = call(() -> client.search(s -> s.index(target).size(500)
                        .query(q -> q.bool(b -> b.should(v -> v.term(t -> t.field("viewers").value(userId)))
                                .should(o -> o.term(t -> t.field("owner").value(userId))).minimumShouldMatch("1"))),
                        EsDocument.class));
                List<Hit<EsDocument>> hits = page.hits().hits();
                if (hits.isEmpty()) {
                    break;
                }
                List<BulkOperation> updates = new ArrayList<>();
                for (Hit<EsDocument> hit : hits) {
                    if (!done.add(hit.index() + "/" + hit.id())) {
                        throw new IllegalStateException("Erasing user from search document " + hit.id()
                                + " did not take effect");
                    }
                    EsDocument d = hit.source();
                    Map<String, Object> change = Map.of(
                            "viewers", d.viewers().stream().filter(v -> !v.equals(userId)).toList(),
                            "owner", userId.equals(d.owner()) ? PersonalData.ERASED : d.owner());
                    updates.add(BulkOperation.of(op -> op.update(u -> u.index(hit.index()).id(hit.id())
                            .action(a -> a.doc(change)))));
                }
                BulkResponse response = call(() -> client.bulk(b -> b.operations(updates).refresh(Refresh.True)));
                if (response.errors()) {
                    throw new IllegalStateException("Erasing a user from the search index failed: "
                            + response.items().stream().filter(i -> i.error() != null).findFirst()
                            .map(i -> i.error().reason()).orElse("unknown"));
                }
                updated += hits.size();
            }
        }
        return updated;
    }

    @Override
    public void beginRebuild() {
        ensureIndex();
        String fresh = createIndex();
        List<String> previous = indicesOf(writeAlias);
        call(() -> client.indices().updateAliases(u -> {
            previous.forEach(old -> u.actions(a -> a.remove(r -> r.index(old).alias(writeAlias))));
            return u.actions(a -> a.add(add -> add.index(fresh).alias(writeAlias)));
        }));
        log.info("Search rebuild writes to {}; searches still read {}", fresh, indicesOf(searchAlias));
    }

    @Override
    public void completeRebuild() {
        List<String> target = indicesOf(writeAlias);
        List<String> previous = indicesOf(searchAlias);
        call(() -> client.indices().updateAliases(u -> {
            previous.forEach(old -> u.actions(a -> a.remove(r -> r.index(old).alias(searchAlias))));
            target.forEach(fresh -> u.actions(a -> a.add(add -> add.index(fresh).alias(searchAlias))));
            return u;
        }));
        for (String old : previous) {
            if (!target.contains(old)) {
                call(() -> client.indices().delete(d -> d.index(old)));
            }
        }
        log.info("Search alias {} now on {}", searchAlias, target);
    }

    @Override
    public SearchPage search(SearchRequest request) {
        ensureIndex();
        Query query = query(request);
        SearchResponse<EsDocument> response = call(() -> client.search(s -> s
                .index(searchAlias)
                .query(query)
                .from(request.page() * request.size())
                .size(request.size())
                .trackTotalHits(t -> t.enabled(true))
                .source(src -> src.filter(f -> f.excludes("content")))
                .sort(so -> so.score(sc -> sc.order(SortOrder.Desc)))
                .sort(so -> so.field(f -> f.field("updatedAt").order(SortOrder.Desc)))
                .highlight(h -> h
                        .preTags(Highlights.START).postTags(Highlights.STOP)
                        .maxAnalyzedOffset(MAX_ANALYZED_OFFSET)
                        .fields("title", f -> f.numberOfFragments(0))
                        .fields("content", f -> f.fragmentSize(150).numberOfFragments(3))),
                EsDocument.class));
        List<SearchHit> hits = response.hits().hits().stream().map(ElasticsearchSearchIndex::hit).toList();
        long total = response.hits().total() == null ? hits.size() : response.hits().total().value();
        return new SearchPage(hits, total);
    }

    private static Query query(SearchRequest request) {
        SearchText text = request.text();
        BoolQuery.Builder bool = new BoolQuery.Builder();
        for (String phrase : text.phrases()) {
            bool.must(m -> m.multiMatch(mm -> mm.query(phrase).fields(FIELDS).type(TextQueryType.Phrase)));
        }
        for (String word : text.words()) {
            bool.must(m -> m.multiMatch(mm -> mm.query(word).fields(FIELDS).fuzziness("AUTO")));
        }
        if (text.prefix() != null) {
            bool.must(m -> m.bool(b -> b
                    .should(s -> s.multiMatch(mm -> mm.query(text.prefix()).fields(FIELDS).type(TextQueryType.PhrasePrefix)))
                    .should(s -> s.multiMatch(mm -> mm.query(text.prefix()).fields(FIELDS).fuzziness("AUTO")))));
        }
        if (request.viewer() != null) {
            bool.filter(f -> f.term(t -> t.field("viewers").value(request.viewer())));
        }
        if (!request.excludedIds().isEmpty()) {
            bool.mustNot(m -> m.ids(i -> i.values(request.excludedIds())));
        }
        if (request.status() == null) {
            bool.mustNot(m -> m.term(t -> t.field("status").value(DocumentStatus.ARCHIVED.name())));
        } else {
            bool.filter(f -> f.term(t -> t.field("status").value(request.status().name())));
        }
        if (request.tag() != null) {
            bool.filter(f -> f.term(t -> t.field("tags").value(FieldValue.of(request.tag()))));
        }
        if (request.owner() != null) {
            bool.filter(f -> f.term(t -> t.field("owner").value(request.owner())));
        }
        return bool.build()._toQuery();
    }

    private static SearchHit hit(Hit<EsDocument> hit) {
        EsDocument source = hit.source();
        Map<String, List<String>> highlights = new LinkedHashMap<>();
        highlights.put("title", Highlights.toHtml(hit.highlight().getOrDefault("title", List.of())));
        highlights.put("content", Highlights.toHtml(hit.highlight().getOrDefault("content", List.of())));
        return new SearchHit(source.id(), source.title(), DocumentStatus.valueOf(source.status()), source.tags(),
                Instant.ofEpochMilli(source.updatedAt()), hit.score() == null ? 0 : hit.score(), highlights);
    }

    /** Creates the first index and both aliases when there are none yet (first start, or a wiped cluster). */
    private void ensureIndex() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            boolean exists = call(() -> client.indices().existsAlias(e -> e.name(searchAlias))).value();
            if (!exists) {
                String first = createIndex();
                call(() -> client.indices().updateAliases(u -> u
                        .actions(a -> a.add(add -> add.index(first).alias(searchAlias)))
                        .actions(a -> a.add(add -> add.index(first).alias(writeAlias)))));
                log.info("Created search index {} behind aliases {} and {}", first, searchAlias, writeAlias);
            }
            ready = true;
        }
    }

    private String createIndex() {
        String name = searchAlias + "-" + System.currentTimeMillis();
        call(() -> {
            try (InputStream mapping = new ClassPathResource(MAPPING).getInputStream()) {
                return client.indices().create(c -> c.index(name).withJson(mapping));
            }
        });
        return name;
    }

    private List<String> indicesOf(String alias) {
        try {
            GetAliasResponse response = client.indices().getAlias(g -> g.name(alias));
            return new ArrayList<>(response.result().keySet());
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw translated(e);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw unavailable(e);
        } catch (ElasticsearchException e) {
            throw translated(e);
        }
    }

    /**
     * An overloaded or recovering cluster (429, 5xx: no shard available yet after a restart, a node leaving) is an
     * outage to wait out, like an unreachable one; any other error answer (400, 404) is about the request.
     */
    private static RuntimeException translated(ElasticsearchException e) {
        return e.status() == 429 || e.status() >= 500 ? unavailable(e) : e;
    }

    /** What callers see when Elasticsearch cannot serve: 503 with {@code Retry-After}; the cause goes to the log. */
    public static DependencyUnavailableException unavailable(Throwable cause) {
        return new DependencyUnavailableException("Search is temporarily unavailable: Elasticsearch cannot be reached",
                cause);
    }

    /** The stored shape; dates as epoch millis so no mapper module is needed. */
    record EsDocument(String id, String title, String content, List<String> tags, String status, String owner,
                      List<String> viewers, long updatedAt, long version) {

        static EsDocument of(IndexedDocument d) {
            return new EsDocument(d.id(), d.title(), d.content(), d.tags(), d.status().name(), d.owner(),
                    List.copyOf(d.viewers()), d.updatedAt().toEpochMilli(), d.version());
        }

        IndexedDocument toIndexed() {
            return new IndexedDocument(id, title, content, tags, DocumentStatus.valueOf(status), owner,
                    Set.copyOf(viewers), Instant.ofEpochMilli(updatedAt), version);
        }
    }
}
