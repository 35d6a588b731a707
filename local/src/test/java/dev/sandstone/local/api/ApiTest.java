package dev.sandstone.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstone.local.SandstoneApplication;
import dev.sandstone.platform.test.TestBlobs;
import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP-level tests: the whole single-process service on a random port, on a real PostgreSQL,
 * with development tokens. Each test uses fresh user names, so tests never see each other's documents.
 */
@SpringBootTest(classes = SandstoneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        TestTokens.registerLocalIssuer(registry);
        TestBlobs.register(registry);
        // Limits small enough to test cheaply (the defaults are 100MB and 128MB).
        registry.add("sandstone.documents.max-content-size", () -> "10MB");
        registry.add("sandstone.http.max-request-size", () -> "32MB");
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    /** A fresh user name, unique to this test run. */
    protected static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected ApiClient anonymous() {
        return new ApiClient(baseUrl(), null);
    }

    protected ApiClient as(String userId, String... roles) {
        ApiClient.Response token = anonymous().post("/local/token", Map.of("sub", userId, "roles", List.of(roles)));
        assertThat(token.status()).as("token for %s", userId).isEqualTo(200);
        return new ApiClient(baseUrl(), token.body().get("access_token").asText());
    }

    /** Creates a document and returns its id. */
    protected String createDocument(ApiClient client, String title, String content, String... tags) {
        ApiClient.Response created = client.post("/api/documents",
                Map.of("title", title, "content", content, "tags", List.of(tags)));
        assertThat(created.status()).as("create: %s", created).isEqualTo(201);
        return created.body().get("id").asText();
    }

    /** Polls a GET until it answers 200 with a body that satisfies {@code done}, or fails after {@code within}. */
    protected static JsonNode awaitOk(ApiClient client, String path, Predicate<JsonNode> done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        ApiClient.Response response = client.get(path);
        while (!(response.status() == 200 && done.test(response.body())) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            response = client.get(path);
        }
        assertThat(response.status()).as("%s: %s", path, response).isEqualTo(200);
        assertThat(done.test(response.body())).as("within %s: %s", within, response).isTrue();
        return response.body();
    }

    /** The value of one series (name and tags, as Prometheus writes them) in a {@code /actuator/prometheus} text. */
    protected static double metric(String prometheusText, String series) {
        return prometheusText.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + series + " in the metrics"));
    }

    protected static void assertProblem(ApiClient.Response response, int status, String detailFragment) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.body();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("type").asText()).isNotBlank();
        assertThat(body.get("detail").asText()).containsIgnoringCase(detailFragment);
    }
}
