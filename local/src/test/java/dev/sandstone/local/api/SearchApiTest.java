package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/search and the admin rebuild, through HTTP on the local default (PostgreSQL full-text search). */
class SearchApiTest extends ApiTest {

    @Test
    void a_created_document_is_searchable_within_two_seconds_with_highlights() {
        String word = word();
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Notes on " + word, "The " + word + " & <b>bold</b> plan");

        JsonNode results = awaitOk(alice, "/api/search?q=" + word, r -> r.get("total").asLong() == 1,
                Duration.ofSeconds(2));

        JsonNode hit = results.get("items").get(0);
        assertThat(hit.get("id").asText()).isEqualTo(id);
        assertThat(hit.get("title").asText()).isEqualTo("Notes on " + word);
        assertThat(hit.get("status").asText()).isEqualTo("DRAFT");
        assertThat(hit.has("score")).isTrue();
        assertThat(hit.has("updatedAt")).isTrue();
        assertThat(hit.get("highlights").get("title").get(0).asText()).isEqualTo("Notes on <em>" + word + "</em>");
        assertThat(hit.get("highlights").get("content").get(0).asText())
                .contains("<em>" + word + "</em>").contains("&amp;").contains("&lt;b&gt;");
        assertThat(results.get("page").asInt()).isZero();
        assertThat(results.get("size").asInt()).isEqualTo(20);
        assertThat(results.has("tookMs")).isTrue();
    }

    @Test
    void a_stranger_finds_nothing_and_a_revoked_member_loses_results_at_once() {
        String word = word();
        ApiClient alice = as(user("alice"));
        String bobId = user("bob");
        ApiClient bob = as(bobId);
        String id = createDocument(alice, "Shared " + word, word);
        assertThat(alice.put("/api/documents/" + id + "/members/" + bobId, json("role", "viewer")).status())
                .isEqualTo(200);
        awaitOk(bob, "/api/search?q=" + word, r -> r.get("total").asLong() == 1, Duration.ofSeconds(5));
        assertThat(as(user("stranger")).get("/api/search?q=" + word).body().get("total").asLong()).isZero();

        assertThat(alice.delete("/api/documents/" + id + "/members/" + bobId).status()).isEqualTo(204);

        JsonNode afterRevoke = bob.get("/api/search?q=" + word).body();
        assertThat(afterRevoke.get("total").asLong()).isZero();
        assertThat(afterRevoke.get("items")).isEmpty();
    }

    @Test
    void bad_searches_are_rejected_with_problem_details() {
        ApiClient alice = as(user("alice"));
        assertProblem(alice.get("/api/search"), 400, "q is required");
        assertProblem(alice.get("/api/search?q=%20%20"), 400, "q is required");
        assertProblem(alice.get("/api/search?q=%22%22"), 400, "letter or digit");
        assertProblem(alice.get("/api/search?q=x&size=101"), 400, "size");
        assertProblem(alice.get("/api/search?q=x&status=LOST"), 400, "status");
        assertProblem(anonymous().get("/api/search?q=x"), 401, "bearer token");
    }

    @Test
    void only_admins_may_rebuild_the_index_and_watch_its_progress() {
        assertProblem(as(user("alice")).post("/api/admin/search/rebuild", null), 403, "admins");
        assertProblem(as(user("audrey"), "auditor").get("/api/admin/search/rebuild"), 403, "admins");

        ApiClient admin = as(user("root"), "admin");
        ApiClient.Response started = admin.post("/api/admin/search/rebuild", null);
        assertThat(started.status()).isIn(202, 409);
        JsonNode status = awaitOk(admin, "/api/admin/search/rebuild",
                r -> r.get("state").asText().equals("COMPLETED"), Duration.ofSeconds(30));
        assertThat(status.get("startedAt").isNull()).isFalse();
    }

    private static String word() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).replaceAll("[0-9]", "k");
    }
}
