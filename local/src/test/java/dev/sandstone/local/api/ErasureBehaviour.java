package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstone.platform.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The right to erasure end to end, through HTTP, checked in every store the shape runs: after an erasure no byte
 * of the erased plaintext is found by querying any store, a processor replay does not bring it back, other
 * subjects' data is untouched and the audit chains still verify.
 */
abstract class ErasureBehaviour extends ApiTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    BlobStore blobs;
    @Autowired(required = false)
    ElasticsearchClient elasticsearch;
    @Autowired(required = false)
    MongoTemplate mongo;
    @Value("${sandstone.search.index:sandstone}")
    String searchIndex;
    @Value("${sandstone.search.engine:postgres}")
    String searchEngine;
    @Value("${sandstone.audit.archive:postgres}")
    String auditArchive;

    @Test
    void erasing_a_document_destroys_it_in_every_store_for_good_and_leaves_the_others_alone() {
        ApiClient alice = as(user("alice"));
        String bobId = user("bob");
        ApiClient admin = as(user("root"), "admin");
        String secret = "xq" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String title = "Payroll " + secret + "title";
        String first = "The salaries are " + secret + "alpha.";
        String second = first + " Also " + secret + "beta.";
        String id = createDocument(alice, title, first, secret + "tag");
        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", second)).status())
                .isEqualTo(200);
        assertThat(alice.put("/api/documents/" + id + "/members/" + bobId, json("role", "viewer")).status())
                .isEqualTo(200);
        assertThat(alice.post("/api/documents/" + id + "/publish", null).status()).isEqualTo(201);
        String large = createDocument(alice, "Large " + secret + "large", "small at first");
        String bigText = ("A long report about " + secret + "gamma, line after line.\n").repeat(9_000);
        assertThat(alice.ifMatch(1).send("PUT", "/api/documents/" + large + "/content", bigText, "text/plain")
                .status()).isEqualTo(200);
        assertThat(alice.post("/api/documents/" + large + "/publish", null).status()).isEqualTo(201);
        assertThat(blobKeys(large)).as("a large document's blobs").isNotEmpty();
        String kept = createDocument(alice, "Kept", "Nothing to erase here.");
        awaitOk(alice, "/api/search?q=" + secret + "beta", page -> page.get("total").asLong() == 1, WITHIN);
        awaitOk(admin, "/api/audit?documentId=" + id, page -> page.get("total").asLong() == 4, WITHIN);
        assertThat(storesContaining(secret)).isNotEmpty();

        ApiClient.Response requested = admin.delete("/api/admin/subjects/documents/" + id);

        assertThat(requested.status()).as("%s", requested).isEqualTo(202);
        String erasureId = requested.body().get("id").asText();
        assertThat(requested.header("Location")).isEqualTo("/api/admin/erasures/" + erasureId);
        JsonNode erasure = awaitCompleted(admin, erasureId);
        assertThat(erasure.get("subjectId").asText()).isEqualTo(id);
        assertThat(erasure.get("keyDestroyedAt").isNull()).isFalse();
        assertThat(stores(erasure)).contains("read-model", "history", "search-index", "audit-archive", "snapshots");
        String certificate = admin.get("/api/admin/erasures/" + erasureId + "/certificate").raw().body();
        assertThat(sha256(certificate)).isEqualTo(erasure.get("certificateSha256").asText());
        assertThat(admin.delete("/api/admin/subjects/documents/" + id).body().get("id").asText())
                .as("erasing again answers the same erasure").isEqualTo(erasureId);

        awaitCompleted(admin, admin.delete("/api/admin/subjects/documents/" + large).body().get("id").asText());
        assertThat(blobKeys(large)).as("blobs left of an erased document").isEmpty();
        assertThat(alice.get("/api/documents/" + large + "/content").status()).isEqualTo(404);
        assertGone(alice, admin, id, secret);
        assertThat(storesContaining(secret)).as("stores holding the erased plaintext").isEmpty();
        JsonNode audit = admin.get("/api/audit?documentId=" + id).body();
        assertThat(audit.get("total").asLong()).isEqualTo(5);
        assertThat(audit.get("items")).allSatisfy(r -> assertThat(r.get("summary").asText()).isEqualTo("[erased]"));
        assertThat(admin.get("/api/audit/verify?documentId=" + id).body().get("valid").asBoolean()).isTrue();
        assertThat(alice.get("/api/documents/" + kept).body().get("content").asText())
                .isEqualTo("Nothing to erase here.");
        assertThat(admin.get("/api/audit/verify?documentId=" + kept).body().get("valid").asBoolean()).isTrue();

        replay(admin, "documents");
        replay(admin, "search");
        awaitOk(alice, "/api/documents/" + kept, d -> d.get("version").asLong() == 1, WITHIN);
        assertGone(alice, admin, id, secret);
        assertThat(storesContaining(secret)).as("stores holding the erased plaintext after a replay").isEmpty();
    }

    @Test
    void erasing_a_user_removes_them_from_every_store_and_keeps_their_teams_documents() {
        String aliceId = user("alice");
        ApiClient alice = as(aliceId);
        String victimId = user("victim") + "x" + UUID.randomUUID().toString().substring(0, 6);
        ApiClient victim = as(victimId);
        ApiClient admin = as(user("root"), "admin");
        String own = createDocument(victim, "Victim's notes", "Written by the victim.");
        String shared = createDocument(alice, "Team plan", "Plan.");
        assertThat(alice.put("/api/documents/" + shared + "/members/" + victimId, json("role", "editor")).status())
                .isEqualTo(200);
        assertThat(victim.ifMatch(2).put("/api/documents/" + shared + "/content", json("content", "Plan. Edited."))
                .status()).isEqualTo(200);
        awaitOk(admin, "/api/audit?documentId=" + shared, page -> page.get("total").asLong() == 3, WITHIN);
        awaitOk(victim, "/api/search?q=victim", page -> page.get("total").asLong() == 1, WITHIN);
        assertThat(storesContaining(victimId)).isNotEmpty();

        ApiClient.Response requested = admin.delete("/api/admin/subjects/users/" + victimId);

        assertThat(requested.status()).as("%s", requested).isEqualTo(202);
        JsonNode erasure = awaitCompleted(admin, requested.body().get("id").asText());
        assertThat(erasure.get("subjectId").asText()).isEqualTo("[erased]");
        assertThat(storesContaining(victimId)).as("stores naming the erased user").isEmpty();
        assertThat(admin.get("/api/documents/" + own).body().get("owner").asText()).isEqualTo("[erased]");
        assertThat(alice.get("/api/documents/" + shared).body().get("content").asText()).isEqualTo("Plan. Edited.");
        assertThat(alice.get("/api/documents/" + shared + "/members").body().toString()).doesNotContain(victimId);
        List<String> actors = new ArrayList<>();
        admin.get("/api/audit?documentId=" + shared).body().get("items").forEach(r -> actors.add(r.get("actor")
                .asText()));
        assertThat(actors).containsExactly(aliceId, aliceId, "[erased]");
        for (String document : List.of(own, shared)) {
            assertThat(admin.get("/api/audit/verify?documentId=" + document).body().get("valid").asBoolean())
                    .as("audit chain of %s", document).isTrue();
        }
        assertThat(victim.get("/api/search?q=victim").body().get("total").asLong()).isZero();

        replay(admin, "documents");
        awaitOk(admin, "/api/documents/" + own, d -> d.get("owner").asText().equals("[erased]"), WITHIN);
        assertThat(storesContaining(victimId)).as("stores naming the erased user after a replay").isEmpty();
        assertThat(victim.ifMatch(3).put("/api/documents/" + shared + "/content", json("content", "Again")).status())
                .as("an erased user holds no role any more").isEqualTo(404);
    }

    @Test
    void only_admins_erase_and_bad_requests_are_problems() {
        ApiClient alice = as(user("alice"));
        ApiClient auditor = as(user("audrey"), "auditor");
        ApiClient admin = as(user("root"), "admin");
        String id = createDocument(alice, "Mine", "x");

        assertProblem(alice.delete("/api/admin/subjects/documents/" + id), 403, "Only admins");
        assertProblem(auditor.delete("/api/admin/subjects/users/" + "someone"), 403, "Only admins");
        assertProblem(alice.get("/api/admin/erasures"), 403, "Only admins");
        assertThat(anonymous().delete("/api/admin/subjects/documents/" + id).status()).isEqualTo(401);
        assertProblem(admin.delete("/api/admin/subjects/documents/" + UUID.randomUUID()), 404, "does not exist");
        assertProblem(admin.delete("/api/admin/subjects/documents/not*an*id"), 404, "No such document");
        assertProblem(admin.get("/api/admin/erasures/not-a-uuid"), 400, "UUID");
        assertProblem(admin.get("/api/admin/erasures/" + UUID.randomUUID()), 404, "No erasure");
        assertThat(alice.get("/api/documents/" + id).status()).as("nothing was erased").isEqualTo(200);
    }

    // ---- helpers ----

    private static JsonNode awaitCompleted(ApiClient admin, String erasureId) {
        return awaitOk(admin, "/api/admin/erasures/" + erasureId,
                e -> e.get("status").asText().equals("completed"), WITHIN);
    }

    private static List<String> stores(JsonNode erasure) {
        List<String> stores = new ArrayList<>();
        erasure.get("steps").forEach(step -> {
            assertThat(step.get("completedAt").isNull()).as("step %s", step).isFalse();
            stores.add(step.get("store").asText());
        });
        return stores;
    }

    private static void assertGone(ApiClient alice, ApiClient admin, String id, String secret) {
        assertThat(alice.get("/api/documents/" + id).status()).isEqualTo(404);
        assertThat(admin.get("/api/documents/" + id).status()).isEqualTo(404);
        assertThat(admin.get("/api/documents/" + id + "/revisions/1").status()).isEqualTo(404);
        assertThat(alice.ifMatch(6).put("/api/documents/" + id + "/content", json("content", "back")).status())
                .isEqualTo(404);
        assertThat(admin.get("/api/search?q=" + secret + "beta").body().get("total").asLong()).isZero();
    }

    private static void replay(ApiClient admin, String processor) {
        assertThat(admin.post("/api/admin/processors/" + processor + "/replay", null).status()).isEqualTo(202);
        awaitOk(admin, "/api/admin/processors/" + processor, status -> status.get("lagEvents").asLong() == 0
                && status.get("state").asText().equals("RUNNING"), WITHIN);
    }

    /** Every store of this shape that holds {@code needle}: as text, or as bytes in binary columns and blobs. */
    protected List<String> storesContaining(String needle) {
        List<String> found = new ArrayList<>();
        String hex = HexFormat.of().formatHex(needle.getBytes(StandardCharsets.UTF_8));
        for (String table : jdbc.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                .query(String.class).list()) {
            long rows = jdbc.sql("SELECT count(*) FROM \"" + table + "\" t WHERE position(:needle IN t::text) > 0 "
                            + "OR position(:hex IN t::text) > 0 OR position(lower(:needle) IN lower(t::text)) > 0")
                    .param("needle", needle).param("hex", hex).query(Long.class).single();
            if (rows > 0) {
                found.add("postgresql:" + table);
            }
        }
        try (Stream<String> keys = blobs.keysOlderThan("", Instant.now().plusSeconds(3600))) {
            keys.forEach(key -> {
                try (InputStream in = blobs.get(key)) {
                    if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(needle)) {
                        found.add("blobs:" + key);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (RuntimeException unreadable) {
                    // Encrypted under a destroyed key, or not ours to decode: holds no readable plaintext.
                }
            });
        }
        if (searchEngine.equals("elasticsearch")) {
            try {
                elasticsearch.indices().refresh(r -> r.index(searchIndex + "*"));
                elasticsearch.search(s -> s.index(searchIndex + "*").size(1000), Map.class).hits().hits()
                        .forEach(hit -> {
                            if (String.valueOf(hit.source()).toLowerCase().contains(needle.toLowerCase())) {
                                found.add("elasticsearch:" + hit.index() + "/" + hit.id());
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (auditArchive.equals("mongodb")) {
            for (String collection : mongo.getCollectionNames()) {
                for (Document document : mongo.findAll(Document.class, collection)) {
                    if (document.toJson().contains(needle)) {
                        found.add("mongodb:" + collection);
                    }
                }
            }
        }
        return found;
    }

    private List<String> blobKeys(String documentId) {
        try (Stream<String> keys = blobs.keysOlderThan("documents/" + documentId + "/",
                Instant.now().plusSeconds(3600))) {
            return keys.toList();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
