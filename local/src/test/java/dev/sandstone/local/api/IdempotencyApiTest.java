package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static dev.sandstone.local.api.ApiSteps.doc;
import static dev.sandstone.local.api.ApiSteps.list;
import static dev.sandstone.local.api.ApiSteps.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} on create: a retry returns the first answer and creates nothing new. */
class IdempotencyApiTest extends ApiTest {

    /** {@code sandstone.documents.snapshot-threshold}'s default: a snapshot is taken after this many events. */
    private static final int SNAPSHOT_THRESHOLD = 100;

    private static final Map<String, Object> BODY = json("title", "Once", "content", "only once", "tags", List.of("a"));

    @Test
    void the_same_key_from_the_same_user_returns_the_first_response_and_creates_nothing_new() {
        ApiClient alice = as(user("alice")).header("Idempotency-Key", "create-1");

        ApiClient.Response first = alice.post("/api/documents", BODY);
        ApiClient.Response retry = alice.post("/api/documents", BODY);
        ApiClient.Response again = alice.post("/api/documents", BODY);

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        for (ApiClient.Response repeated : List.of(retry, again)) {
            assertThat(repeated.status()).as("%s", repeated).isEqualTo(201);
            assertThat(repeated.body()).isEqualTo(first.body());
            assertThat(repeated.header("Location")).isEqualTo(first.header("Location"));
            assertThat(repeated.header("ETag")).isEqualTo(first.header("ETag"));
        }
        assertThat(list(alice, "").get("total").asLong()).isEqualTo(1);
        assertThat(alice.get(doc(first.body().get("id").asText()) + "/history").body().get("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void a_retry_after_the_document_changed_still_creates_nothing() {
        ApiClient alice = as(user("alice")).header("Idempotency-Key", "create-after-edit");
        ApiClient.Response first = alice.post("/api/documents", BODY);
        String id = first.body().get("id").asText();
        ApiSteps.edit(alice, id, "edited since");

        ApiClient.Response retry = alice.post("/api/documents", BODY);

        assertThat(retry.status()).as("%s", retry).isEqualTo(201);
        assertThat(retry.body().get("id").asText()).isEqualTo(id);
        assertThat(list(alice, "").get("total").asLong()).isEqualTo(1);
        assertThat(read(alice, id).get("content").asText()).isEqualTo("edited since");
        assertThat(read(alice, id).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void a_retry_after_later_edits_answers_with_the_current_version_and_an_etag_if_match_accepts() {
        ApiClient alice = as(user("alice")).header("Idempotency-Key", "create-then-edit");
        ApiClient.Response first = alice.post("/api/documents", BODY);
        String id = first.body().get("id").asText();
        ApiSteps.edit(alice, id, "second version");
        ApiSteps.edit(alice, id, "third version");

        ApiClient.Response retry = alice.post("/api/documents", BODY);

        assertThat(retry.status()).as("%s", retry).isEqualTo(201);
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("ETag")).isEqualTo("\"3\"");
        assertThat(retry.body().get("version").asLong()).isEqualTo(3);
        ApiClient.Response edit = alice.ifMatch(3).put(doc(id) + "/content", json("content", "fourth version"));
        assertThat(edit.status()).as("%s", edit).isEqualTo(200);
        assertThat(edit.body().get("version").asLong()).isEqualTo(4);
    }

    @Test
    void a_retry_after_a_snapshot_is_still_recognised_as_the_same_request() {
        ApiClient alice = as(user("alice")).header("Idempotency-Key", "create-then-snapshot");
        String id = alice.post("/api/documents", BODY).body().get("id").asText();
        long version = 1;
        for (int edit = 1; edit <= SNAPSHOT_THRESHOLD; edit++) {
            ApiClient.Response edited = alice.ifMatch(version).put(doc(id) + "/content", json("content", "edit " + edit));
            assertThat(edited.status()).as("%s", edited).isEqualTo(200);
            version = edited.body().get("version").asLong();
        }

        ApiClient.Response retry = alice.post("/api/documents", BODY);

        assertThat(retry.status()).as("%s", retry).isEqualTo(201);
        assertThat(retry.body().get("version").asLong()).isEqualTo(version);
        assertThat(retry.header("ETag")).isEqualTo("\"" + version + "\"");
    }

    @Test
    void the_same_key_with_a_different_body_is_422_and_changes_nothing() {
        ApiClient alice = as(user("alice")).header("Idempotency-Key", "create-2");
        ApiClient.Response first = alice.post("/api/documents", BODY);
        String id = first.body().get("id").asText();

        ApiClient.Response otherContent = alice.post("/api/documents", json("title", "Once", "content", "changed", "tags", List.of("a")));
        ApiClient.Response otherTitle = alice.post("/api/documents", json("title", "Twice", "content", "only once", "tags", List.of("a")));
        ApiClient.Response otherTags = alice.post("/api/documents", json("title", "Once", "content", "only once", "tags", List.of("b")));

        for (ApiClient.Response refused : List.of(otherContent, otherTitle, otherTags)) {
            assertProblem(refused, 422, "Idempotency-Key");
        }
        assertThat(list(alice, "").get("total").asLong()).isEqualTo(1);
        assertThat(read(alice, id).get("content").asText()).isEqualTo("only once");
        assertThat(read(alice, id).get("title").asText()).isEqualTo("Once");
        assertThat(read(alice, id).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void the_same_key_from_another_user_creates_another_document() {
        String aliceId = user("alice");
        String bobId = user("bob");
        ApiClient alice = as(aliceId).header("Idempotency-Key", "shared-key");
        ApiClient bob = as(bobId).header("Idempotency-Key", "shared-key");

        ApiClient.Response alices = alice.post("/api/documents", BODY);
        ApiClient.Response bobs = bob.post("/api/documents", BODY);

        assertThat(alices.status()).isEqualTo(201);
        assertThat(bobs.status()).as("%s", bobs).isEqualTo(201);
        assertThat(bobs.body().get("id").asText()).isNotEqualTo(alices.body().get("id").asText());
        assertThat(read(bob, bobs.body().get("id").asText()).get("owner").asText()).isEqualTo(bobId);
        assertThat(bob.get(doc(alices.body().get("id").asText())).status()).isEqualTo(404);
        assertThat(list(alice, "").get("total").asLong()).isEqualTo(1);
        assertThat(list(bob, "").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void different_keys_or_no_key_create_separate_documents() {
        ApiClient alice = as(user("alice"));

        alice.header("Idempotency-Key", "k1").post("/api/documents", BODY);
        alice.header("Idempotency-Key", "k2").post("/api/documents", BODY);
        alice.post("/api/documents", BODY);
        alice.post("/api/documents", BODY);

        assertThat(list(alice, "").get("total").asLong()).isEqualTo(4);
    }

    @Test
    void concurrent_retries_with_one_key_create_one_document_and_all_get_its_answer() throws Exception {
        ApiClient alice = as(user("alice")).header("Idempotency-Key", "racing");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<ApiClient.Response>> racing = IntStream.range(0, 6)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> alice.post("/api/documents", BODY), pool))
                    .toList();
            List<ApiClient.Response> responses = racing.stream().map(CompletableFuture::join).toList();

            String id = responses.get(0).body().path("id").asText();
            for (ApiClient.Response response : responses) {
                assertThat(response.status()).as("%s", response).isEqualTo(201);
                assertThat(response.body().get("id").asText()).isEqualTo(id);
            }
            assertThat(list(alice, "").get("total").asLong()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_malformed_key_is_400_and_creates_nothing() {
        ApiClient alice = as(user("alice"));

        ApiClient.Response tooLong = alice.header("Idempotency-Key", "k".repeat(256)).post("/api/documents", BODY);
        ApiClient.Response withSpace = alice.header("Idempotency-Key", "two words").post("/api/documents", BODY);

        for (ApiClient.Response refused : List.of(tooLong, withSpace)) {
            assertProblem(refused, 400, "Idempotency-Key");
            assertThat(refused.body().get("field").asText()).isEqualTo("Idempotency-Key");
        }
        assertThat(list(alice, "").get("total").asLong()).isZero();
    }
}
