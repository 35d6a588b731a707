package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static dev.sandstone.local.api.ApiSteps.archive;
import static dev.sandstone.local.api.ApiSteps.doc;
import static dev.sandstone.local.api.ApiSteps.grant;
import static dev.sandstone.local.api.ApiSteps.list;
import static dev.sandstone.local.api.ApiSteps.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Every failure answers RFC 9457 problem+json with the right status, and a refused command changes nothing:
 * after each refusal the document still has its version, title and content.
 */
class ErrorResponsesApiTest extends ApiTest {

    private static final int MAX_CONTENT_BYTES = 10 * 1024 * 1024;
    private static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

    @Autowired
    JwtEncoder localIssuer;

    // ---- 400 ----

    @Test
    void malformed_json_is_400_and_creates_nothing() {
        ApiClient alice = as(user("alice"));

        ApiClient.Response response = alice.send("POST", "/api/documents", "{\"title\": \"x\", \"content\": ", "application/json");

        assertProblem(response, 400, "json");
        assertThat(list(alice, "").get("total").asLong()).isZero();
    }

    @Test
    void a_missing_body_is_400() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");

        assertProblem(alice.send("POST", "/api/documents", "", "application/json"), 400, "body");
        assertProblem(alice.ifMatch(1).send("PUT", doc(id) + "/content", "", "application/json"), 400, "body");
        assertUnchanged(alice, id, 1, "Doc", "text");
    }

    @Test
    void malformed_json_on_an_edit_is_400_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");

        assertProblem(alice.ifMatch(1).send("PUT", doc(id) + "/content", "{content: 'x'}", "application/json"), 400, "json");
        assertProblem(alice.ifMatch(1).send("PATCH", doc(id), "[", "application/json"), 400, "json");
        assertUnchanged(alice, id, 1, "Doc", "text");
    }

    @Test
    void invalid_fields_on_create_are_400_naming_the_field_and_create_nothing() {
        ApiClient alice = as(user("alice"));
        List<String> tooManyTags = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            tooManyTags.add("t" + i);
        }

        assertInvalid(alice.post("/api/documents", json("content", "x")), "title");
        assertInvalid(alice.post("/api/documents", json("title", "   ", "content", "x")), "title");
        assertInvalid(alice.post("/api/documents", json("title", "x".repeat(201), "content", "x")), "title");
        assertInvalid(alice.post("/api/documents", json("title", "two\nlines", "content", "x")), "title");
        assertInvalid(alice.post("/api/documents", json("title", "t")), "content");
        assertInvalid(alice.post("/api/documents", json("title", "t", "content", "x", "tags", "one")), "tags");
        assertInvalid(alice.post("/api/documents", json("title", "t", "content", "x", "tags", List.of("Bad Tag"))), "tags[0]");
        assertInvalid(alice.post("/api/documents", json("title", "t", "content", "x", "tags", List.of("ok", List.of()))), "tags[1]");
        assertInvalid(alice.post("/api/documents", json("title", "t", "content", "x", "tags", tooManyTags)), "tags");
        assertInvalid(alice.post("/api/documents", json("title", "t", "content", "x", "colour", "red")), "colour");
        assertThat(list(alice, "").get("total").asLong()).isZero();
    }

    @Test
    void invalid_fields_on_edits_are_400_naming_the_field_and_change_nothing() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text", "tag");

        assertInvalid(alice.ifMatch(1).put(doc(id) + "/content", json()), "content");
        assertInvalid(alice.ifMatch(1).put(doc(id) + "/content", json("content", List.of("x"))), "content");
        assertInvalid(alice.ifMatch(1).patch(doc(id), json()), "title");
        assertInvalid(alice.ifMatch(1).patch(doc(id), json("title", "")), "title");
        assertInvalid(alice.ifMatch(1).patch(doc(id), json("tags", List.of("UPPER"))), "tags[0]");
        assertInvalid(alice.ifMatch(1).patch(doc(id), json("title", "ok", "content", "sneaky")), "content");
        assertInvalid(alice.put(doc(id) + "/members/" + user("bob"), json("role", "owner")), "role");
        assertInvalid(alice.put(doc(id) + "/members/" + user("bob"), json("role", "boss")), "role");
        assertInvalid(alice.put(doc(id) + "/members/" + user("bob"), json()), "role");
        assertInvalid(alice.put(doc(id) + "/members/" + "u".repeat(256), json("role", "viewer")), "userId");
        assertUnchanged(alice, id, 1, "Doc", "text");
        assertThat(read(alice, id).get("tags").toString()).isEqualTo("[\"tag\"]");
        assertThat(alice.get(doc(id) + "/members").body().get("items")).hasSize(1);
    }

    @Test
    void a_number_or_boolean_where_text_is_expected_is_400_and_creates_nothing() {
        ApiClient alice = as(user("alice"));

        assertInvalid(alice.post("/api/documents", json("title", "t", "content", 42)), "content");
        assertInvalid(alice.post("/api/documents", json("title", true, "content", "x")), "title");
        assertInvalid(alice.post("/api/documents", json("title", "t", "content", "x", "tags", List.of(7))), "tags[0]");
        assertThat(list(alice, "").get("total").asLong()).isZero();
    }

    // PostgreSQL text cannot hold U+0000: accepted, such a command would stall the read-model projection for good.
    @Test
    void content_with_a_nul_character_is_400_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");

        assertInvalid(alice.post("/api/documents", json("title", "t", "content", "a\u0000b")), "content");
        assertInvalid(alice.ifMatch(1).put(doc(id) + "/content", json("content", "a\u0000b")), "content");
        assertUnchanged(alice, id, 1, "Doc", "text");
        assertThat(list(alice, "").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void text_with_a_lone_surrogate_is_400_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");

        assertInvalid(alice.send("POST", "/api/documents", "{\"title\":\"t\",\"content\":\"a\\ud800b\"}", "application/json"),
                "content");
        assertInvalid(alice.send("POST", "/api/documents", "{\"title\":\"t\\udc00\",\"content\":\"ab\"}", "application/json"),
                "title");
        assertInvalid(alice.ifMatch(1).send("PUT", doc(id) + "/content", "{\"content\":\"\\ud800\"}", "application/json"),
                "content");
        assertUnchanged(alice, id, 1, "Doc", "text");
    }

    @ParameterizedTest(name = "If-Match: {0}")
    @ValueSource(strings = {"W/\"1\"", "1", "\"one\"", "\"1\", \"2\""})
    void an_if_match_that_names_no_single_version_is_400(String ifMatch) {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");

        ApiClient.Response response = alice.header("If-Match", ifMatch).put(doc(id) + "/content", json("content", "x"));

        assertInvalid(response, "If-Match");
        assertUnchanged(alice, id, 1, "Doc", "text");
    }

    @Test
    void bad_list_and_history_parameters_are_400_naming_the_parameter() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");

        assertInvalid(alice.get("/api/documents?status=LIVE"), "status");
        assertInvalid(alice.get("/api/documents?size=101"), "size");
        assertInvalid(alice.get("/api/documents?size=0"), "size");
        assertInvalid(alice.get("/api/documents?page=-1"), "page");
        assertInvalid(alice.get("/api/documents?page=first"), "page");
        assertInvalid(alice.get("/api/documents?size=ten"), "size");
        assertInvalid(alice.get(doc(id) + "/history?size=101"), "size");
        assertInvalid(alice.get(doc(id) + "/history?page=-1"), "page");
        assertInvalid(alice.get(doc(id) + "/published/first"), "n");
    }

    // ---- 401 ----

    @Test
    void a_request_without_a_token_is_401() {
        ApiClient anonymous = anonymous();

        assertUnauthorized(anonymous.get("/api/documents"));
        assertUnauthorized(anonymous.post("/api/documents", json("title", "t", "content", "c")));
        assertUnauthorized(anonymous.get(doc(UUID.randomUUID().toString())));
    }

    @Test
    void a_garbage_token_or_another_scheme_is_401() {
        assertUnauthorized(new ApiClient(baseUrl(), "garbage").get("/api/documents"));
        assertUnauthorized(new ApiClient(baseUrl(), "a.b.c").get("/api/documents"));
        assertUnauthorized(anonymous().header("Authorization", "Basic YWxpY2U6c2VjcmV0").get("/api/documents"));
    }

    @Test
    void a_token_crafted_here_with_the_service_key_is_accepted_so_the_401s_below_are_about_the_token_alone() {
        ApiClient.Response response = withToken(sign(localIssuer, claims(user("alice"), "sandstone-local",
                Instant.now().minusSeconds(10), Instant.now().plusSeconds(600)))).get("/api/documents");

        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    @Test
    void a_token_signed_by_another_key_is_401() throws Exception {
        JwtEncoder impostor = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(
                new RSAKeyGenerator(2048).keyID("sandstone-local").generate())));
        String token = sign(impostor, claims(user("mallory"), "sandstone-local",
                Instant.now().minusSeconds(10), Instant.now().plusSeconds(600)));

        assertUnauthorized(withToken(token).get("/api/documents"));
        assertUnauthorized(withToken(token).post("/api/documents", json("title", "t", "content", "c")));
    }

    @Test
    void an_expired_token_is_401() {
        String token = sign(localIssuer, claims(user("alice"), "sandstone-local",
                Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600)));

        assertUnauthorized(withToken(token).get("/api/documents"));
    }

    @Test
    void a_token_from_another_issuer_is_401() {
        String token = sign(localIssuer, claims(user("alice"), "https://elsewhere.example",
                Instant.now().minusSeconds(10), Instant.now().plusSeconds(600)));

        assertUnauthorized(withToken(token).get("/api/documents"));
    }

    @Test
    void an_unsigned_token_is_401() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(("{\"sub\":\"mallory\",\"iss\":\"sandstone-local\",\"iat\":" + now
                + ",\"exp\":" + (now + 600) + ",\"roles\":[\"admin\"]}").getBytes(StandardCharsets.UTF_8));

        assertUnauthorized(withToken(header + "." + payload + ".").get("/api/documents"));
    }

    @Test
    void a_token_with_a_tampered_payload_is_401() {
        String token = anonymous().post("/local/token", json("sub", "mallory", "roles", List.of()))
                .body().get("access_token").asText();
        String[] parts = token.split("\\.");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String adminPayload = base64.encodeToString(("{\"sub\":\"mallory\",\"iss\":\"sandstone-local\",\"iat\":" + now
                + ",\"exp\":" + (now + 600) + ",\"roles\":[\"admin\"]}").getBytes(StandardCharsets.UTF_8));

        assertUnauthorized(withToken(parts[0] + "." + adminPayload + "." + parts[2]).get("/api/documents"));
    }

    // ---- 403 / 404 ----

    @Test
    void a_role_too_low_is_403_problem_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String bobId = user("bob");
        String id = createDocument(alice, "Doc", "text");
        grant(alice, id, bobId, "viewer");

        assertProblem(as(bobId).ifMatch(2).put(doc(id) + "/content", json("content", "x")), 403, "editor");
        assertUnchanged(alice, id, 2, "Doc", "text");
    }

    @Test
    void an_unknown_document_is_404_for_reads_and_writes() {
        ApiClient admin = as(user("ada"), "admin");
        String missing = doc(UUID.randomUUID().toString());

        assertProblem(admin.get(missing), 404, "no such document");
        assertProblem(admin.get(missing + "/history"), 404, "no such document");
        assertProblem(admin.ifMatch(1).put(missing + "/content", json("content", "x")), 404, "no such document");
        assertProblem(admin.ifMatch(1).patch(missing, json("title", "x")), 404, "no such document");
        assertProblem(admin.post(missing + "/publish", null), 404, "no such document");
        assertProblem(admin.post(missing + "/archive", null), 404, "no such document");
        assertProblem(admin.delete(missing), 404, "no such document");
        assertProblem(admin.put(missing + "/members/bob", json("role", "viewer")), 404, "no such document");
        assertProblem(admin.get("/api/documents/not_a~valid$id"), 404, "no such document");
    }

    // ---- 409 ----

    @Test
    void editing_publishing_or_retitling_an_archived_document_is_409_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");
        archive(alice, id);

        assertProblem(alice.ifMatch(2).put(doc(id) + "/content", json("content", "x")), 409, "archived");
        assertProblem(alice.ifMatch(2).patch(doc(id), json("title", "x")), 409, "archived");
        assertProblem(alice.post(doc(id) + "/publish", null), 409, "archived");
        assertUnchanged(alice, id, 2, "Doc", "text");
        assertThat(read(alice, id).get("status").asText()).isEqualTo("ARCHIVED");
        assertThat(alice.get(doc(id) + "/published").body().get("items")).isEmpty();
    }

    @Test
    void the_owner_cannot_be_revoked_or_given_a_lesser_role_409() {
        String aliceId = user("alice");
        ApiClient alice = as(aliceId);
        String id = createDocument(alice, "Doc", "text");

        assertProblem(alice.delete(doc(id) + "/members/" + aliceId), 409, "owner");
        assertProblem(alice.put(doc(id) + "/members/" + aliceId, json("role", "viewer")), 409, "owns");
        assertUnchanged(alice, id, 1, "Doc", "text");
    }

    // ---- 412 / 428 ----

    @Test
    void a_stale_if_match_is_412_with_the_current_version_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");
        ApiSteps.edit(alice, id, "text 2");

        List<ApiClient.Response> stale = List.of(
                alice.ifMatch(1).put(doc(id) + "/content", json("content", "lost update")),
                alice.ifMatch(1).patch(doc(id), json("title", "lost title")),
                alice.ifMatch(1).post(doc(id) + "/publish", null),
                alice.ifMatch(1).post(doc(id) + "/archive", null),
                alice.ifMatch(1).delete(doc(id)),
                alice.ifMatch(3).put(doc(id) + "/content", json("content", "from the future")));

        for (ApiClient.Response response : stale) {
            assertProblem(response, 412, "version");
            assertThat(response.body().get("currentVersion").asLong()).isEqualTo(2);
            assertThat(response.header("ETag")).isEqualTo("\"2\"");
        }
        assertUnchanged(alice, id, 2, "Doc", "text 2");
        assertThat(read(alice, id).get("status").asText()).isEqualTo("DRAFT");
    }

    @Test
    void of_racing_edits_with_the_same_if_match_exactly_one_wins_and_the_others_are_412() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<ApiClient.Response>> racing = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> alice.ifMatch(1).put(doc(id) + "/content", json("content", "racer " + i)), pool))
                    .toList();
            List<ApiClient.Response> responses = racing.stream().map(CompletableFuture::join).toList();

            List<ApiClient.Response> winners = responses.stream().filter(r -> r.status() == 200).toList();
            assertThat(winners).as("%s", responses).hasSize(1);
            responses.stream().filter(r -> r.status() != 200).forEach(r -> {
                assertProblem(r, 412, "version");
                assertThat(r.body().get("currentVersion").asLong()).isEqualTo(2);
            });
            String winner = read(alice, id).get("content").asText();
            assertThat(winner).startsWith("racer ");
            assertUnchanged(alice, id, 2, "Doc", winner);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_missing_if_match_on_content_or_metadata_is_428_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");

        assertProblem(alice.put(doc(id) + "/content", json("content", "blind write")), 428, "If-Match");
        assertProblem(alice.patch(doc(id), json("title", "blind title")), 428, "If-Match");
        assertProblem(alice.header("If-Match", "  ").patch(doc(id), json("title", "blind title")), 428, "If-Match");
        assertUnchanged(alice, id, 1, "Doc", "text");
    }

    // ---- 413 ----

    @Test
    void content_one_byte_over_10_mib_is_413_on_create_and_on_edit_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");
        String tooLarge = "x".repeat(MAX_CONTENT_BYTES + 1);

        assertProblem(alice.post("/api/documents", json("title", "big", "content", tooLarge)), 413, "limit");
        assertProblem(alice.ifMatch(1).put(doc(id) + "/content", json("content", tooLarge)), 413, "limit");
        assertUnchanged(alice, id, 1, "Doc", "text");
        assertThat(list(alice, "").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void content_of_exactly_10_mib_is_accepted() {
        ApiClient alice = as(user("alice"));
        String atLimit = "y".repeat(MAX_CONTENT_BYTES);

        ApiClient.Response created = alice.post("/api/documents", json("title", "big", "content", atLimit));

        assertThat(created.status()).as("%s", created.status()).isEqualTo(201);
        JsonNode document = read(alice, created.body().get("id").asText());
        assertThat(document.get("contentSize").asLong()).isEqualTo(MAX_CONTENT_BYTES);
        assertThat(alice.get(doc(created.body().get("id").asText()) + "/content").raw().body())
                .hasSize(MAX_CONTENT_BYTES);
    }

    @Test
    void content_over_the_limit_in_multi_byte_characters_is_413() {
        ApiClient alice = as(user("alice"));
        String tooLarge = "é".repeat(MAX_CONTENT_BYTES / 2) + "x";

        assertProblem(alice.post("/api/documents", json("title", "big", "content", tooLarge)), 413, "limit");
        assertThat(list(alice, "").get("total").asLong()).isZero();
    }

    @Test
    void content_far_over_the_limit_but_inside_the_request_limit_is_still_413() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");
        String farTooLarge = "x".repeat(20_000_001);

        assertProblem(alice.ifMatch(1).put(doc(id) + "/content", json("content", farTooLarge)), 413, "limit");
        assertUnchanged(alice, id, 1, "Doc", "text");
    }

    @Test
    void a_body_over_the_32_mb_request_limit_is_413_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");
        String body = "{\"content\":\"" + "z".repeat(MAX_REQUEST_BYTES) + "\"}";

        assertProblem(alice.ifMatch(1).send("PUT", doc(id) + "/content", body, "application/json"), 413, "limit");
        assertUnchanged(alice, id, 1, "Doc", "text");
    }

    // ---- 415 ----

    @Test
    void a_body_that_is_not_json_is_415_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Doc", "text");

        assertProblem(alice.send("POST", "/api/documents", "{\"title\":\"t\",\"content\":\"c\"}", "text/plain"),
                415, "content-type");
        assertProblem(alice.ifMatch(1).send("PUT", doc(id) + "/content", "<content>c</content>", "application/xml"),
                415, "content-type");
        assertProblem(alice.ifMatch(1).send("PATCH", doc(id), "{\"title\":\"t\"}", "application/xml"),
                415, "content-type");
        assertProblem(alice.send("PUT", doc(id) + "/members/" + user("bob"), "role=viewer",
                "application/x-www-form-urlencoded"), 415, "content-type");
        assertProblem(alice.send("POST", "/api/documents", "{\"title\":\"t\",\"content\":\"c\"}", null),
                415, "content-type");
        assertUnchanged(alice, id, 1, "Doc", "text");
        assertThat(list(alice, "").get("total").asLong()).isEqualTo(1);
    }

    // ---- helpers ----

    private static void assertInvalid(ApiClient.Response response, String field) {
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertProblem(response, 400, "");
        assertThat(response.body().path("field").asText()).as("field of %s", response).isEqualTo(field);
    }

    private static void assertUnauthorized(ApiClient.Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(401);
        assertProblem(response, 401, "token");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private static void assertUnchanged(ApiClient reader, String id, long version, String title, String content) {
        ApiClient.Response response = reader.get(doc(id));
        assertThat(response.status()).isEqualTo(200);
        JsonNode document = response.body();
        assertThat(document.get("version").asLong()).as("version").isEqualTo(version);
        assertThat(document.get("title").asText()).as("title").isEqualTo(title);
        assertThat(document.get("content").asText()).as("content").isEqualTo(content);
        assertThat(reader.get(doc(id) + "/history").body().get("total").asLong()).as("history").isEqualTo(version);
    }

    private ApiClient withToken(String token) {
        return new ApiClient(baseUrl(), token);
    }

    private static JwtClaimsSet claims(String subject, String issuer, Instant issuedAt, Instant expiresAt) {
        return JwtClaimsSet.builder().subject(subject).issuer(issuer).issuedAt(issuedAt).expiresAt(expiresAt)
                .claim("roles", Collections.emptyList()).build();
    }

    private static String sign(JwtEncoder encoder, JwtClaimsSet claims) {
        return encoder.encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).keyId("sandstone-local").build(), claims)).getTokenValue();
    }
}
