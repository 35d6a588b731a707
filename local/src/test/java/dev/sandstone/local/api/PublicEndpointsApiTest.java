package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What answers without a token: health probes, the OpenAPI document and UI, and (locally) the token issuer. */
class PublicEndpointsApiTest extends ApiTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health"})
    void health_probes_answer_up_without_a_token(String path) {
        ApiClient.Response response = anonymous().get(path);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.body().get("status").asText()).isEqualTo("UP");
        assertThat(response.body().has("components")).as("no details to strangers").isFalse();
    }

    @Test
    void the_openapi_document_is_public_json_describing_the_document_api() {
        ApiClient.Response response = anonymous().get("/v3/api-docs");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body().get("openapi").asText()).startsWith("3.");
        assertThat(response.body().get("paths").has("/api/documents")).isTrue();
        assertThat(response.body().get("paths").has("/api/documents/{id}")).isTrue();
    }

    @Test
    void the_swagger_ui_is_public_and_leads_to_a_page_that_loads() {
        ApiClient anonymous = anonymous();
        ApiClient.Response response = anonymous.get("/swagger-ui.html");
        for (int hops = 0; hops < 5 && response.status() / 100 == 3; hops++) {
            URI next = URI.create(baseUrl() + "/").resolve(response.header("Location"));
            response = anonymous.get(next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
        }

        assertThat(response.status()).as("%s", response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.raw().body()).containsIgnoringCase("swagger");
    }

    @Test
    void the_local_token_issuer_gives_a_bearer_token_that_the_api_accepts() {
        ApiClient.Response token = anonymous().post("/local/token", json("sub", user("alice"), "roles", List.of()));

        assertThat(token.status()).as("%s", token).isEqualTo(200);
        assertThat(token.body().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.body().get("expires_in").asLong()).isPositive();
        ApiClient caller = new ApiClient(baseUrl(), token.body().get("access_token").asText());
        assertThat(caller.get("/api/documents").status()).isEqualTo(200);
    }

    @Test
    void the_local_token_issuer_refuses_bad_subjects_and_unknown_roles() {
        assertProblem(anonymous().post("/local/token", json("sub", "", "roles", List.of())), 400, "sub");
        assertProblem(anonymous().post("/local/token", json("sub", "has space")), 400, "sub");
        assertProblem(anonymous().post("/local/token", json("sub", "alice", "roles", List.of("root"))), 400, "role");
    }

    @Test
    void the_api_itself_is_not_public() {
        assertThat(anonymous().get("/api/documents").status()).isEqualTo(401);
        assertThat(anonymous().get("/actuator/info").status()).isEqualTo(401);
    }
}
