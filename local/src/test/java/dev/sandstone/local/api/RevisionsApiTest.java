package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Time travel: GET /api/documents/{id}/revisions/{version} and ?at=, rebuilt from the events. */
class RevisionsApiTest extends ApiTest {

    @Test
    void every_version_comes_back_exactly_as_it_was() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Draft", "one", "a");
        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", "one two")).status())
                .isEqualTo(200);
        assertThat(alice.ifMatch(2).patch("/api/documents/" + id, json("title", "Final", "tags", List.of("b")))
                .status()).isEqualTo(200);
        assertThat(alice.post("/api/documents/" + id + "/publish", null).status()).isEqualTo(201);
        assertThat(alice.ifMatch(4).put("/api/documents/" + id + "/content", json("content", "three")).status())
                .isEqualTo(200);

        assertRevision(alice.get("/api/documents/" + id + "/revisions/1").body(), 1, "Draft", "one", "a", "DRAFT");
        assertRevision(alice.get("/api/documents/" + id + "/revisions/2").body(), 2, "Draft", "one two", "a", "DRAFT");
        assertRevision(alice.get("/api/documents/" + id + "/revisions/3").body(), 3, "Final", "one two", "b", "DRAFT");
        assertRevision(alice.get("/api/documents/" + id + "/revisions/4").body(), 4, "Final", "one two", "b",
                "PUBLISHED");
        assertRevision(alice.get("/api/documents/" + id + "/revisions/5").body(), 5, "Final", "three", "b",
                "PUBLISHED");
        assertProblem(alice.get("/api/documents/" + id + "/revisions/6"), 404, "no version 6");
        assertProblem(alice.get("/api/documents/" + id + "/revisions/0"), 400, "version");
    }

    @Test
    void an_instant_gives_the_version_current_at_that_moment() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Clock", "before");
        JsonNode first = alice.get("/api/documents/" + id + "/revisions/1").body();
        Instant created = Instant.parse(first.get("at").asText());
        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", "after")).status())
                .isEqualTo(200);
        Instant edited = Instant.parse(alice.get("/api/documents/" + id + "/revisions/2").body().get("at").asText());

        assertThat(alice.get("/api/documents/" + id + "/revisions?at=" + created).body().get("content").asText())
                .isEqualTo("before");
        assertThat(alice.get("/api/documents/" + id + "/revisions?at=" + edited.minusNanos(1000)).body()
                .get("version").asLong()).isEqualTo(1);
        assertThat(alice.get("/api/documents/" + id + "/revisions?at=" + edited).body().get("content").asText())
                .isEqualTo("after");
        assertProblem(alice.get("/api/documents/" + id + "/revisions?at=" + created.minusSeconds(1)), 404,
                "did not exist");
        assertProblem(alice.get("/api/documents/" + id + "/revisions?at=yesterday"), 400, "ISO-8601");
        assertProblem(alice.get("/api/documents/" + id + "/revisions"), 400, "at is required");
    }

    @Test
    void revisions_follow_the_read_access_rules() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Private", "secret");
        assertProblem(as(user("stranger")).get("/api/documents/" + id + "/revisions/1"), 404, "No such document");
        assertThat(as(user("audrey"), "auditor").get("/api/documents/" + id + "/revisions/1").status()).isEqualTo(200);
        assertProblem(anonymous().get("/api/documents/" + id + "/revisions/1"), 401, "bearer token");

        assertThat(alice.delete("/api/documents/" + id).status()).isEqualTo(204);
        assertProblem(alice.get("/api/documents/" + id + "/revisions/1"), 404, "No such document");
    }

    private static void assertRevision(JsonNode revision, long version, String title, String content, String tag,
                                       String status) {
        assertThat(revision.get("version").asLong()).isEqualTo(version);
        assertThat(revision.get("title").asText()).isEqualTo(title);
        assertThat(revision.get("content").asText()).isEqualTo(content);
        assertThat(revision.get("tags")).extracting(JsonNode::asText).containsExactly(tag);
        assertThat(revision.get("status").asText()).isEqualTo(status);
        assertThat(revision.get("at").asText()).isNotBlank();
    }
}
