package dev.sandstone.local.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.local.SandstoneApplication;
import dev.sandstone.local.api.ApiClient;
import dev.sandstone.platform.test.TestBlobs;
import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the browser tests of the local default: the whole service on a random port as it ships (production size
 * limits: the 50 MiB document needs them), one application context shared by every subclass.
 */
@SpringBootTest(classes = SandstoneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class BrowserTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        TestTokens.registerLocalIssuer(registry);
        TestBlobs.register(registry);
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** A fresh user name, unique to this run. */
    static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    ApiClient as(String userId) {
        ApiClient.Response token = new ApiClient(baseUrl(), null).post("/local/token", Map.of("sub", userId));
        assertThat(token.status()).as("token for %s", userId).isEqualTo(200);
        return new ApiClient(baseUrl(), token.body().get("access_token").asText());
    }

    static String createDocument(ApiClient client, String title, String content) {
        ApiClient.Response created = client.post("/api/documents",
                Map.of("title", title, "content", content, "tags", List.of()));
        assertThat(created.status()).as("create: %s", created).isEqualTo(201);
        return created.body().get("id").asText();
    }
}
