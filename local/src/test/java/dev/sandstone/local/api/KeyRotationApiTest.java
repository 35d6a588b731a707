package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.local.SandstoneApplication;
import dev.sandstone.platform.test.TestBlobs;
import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Master-key rotation across restarts of the service on one database: data keys wrapped by the old key are
 * re-wrapped through the API, after which the old key can leave the configuration and every document still reads.
 */
class KeyRotationApiTest {

    private static final String K1 = Base64.getEncoder().encodeToString("first-master-key-of-32-bytes-abc".getBytes());
    private static final String K2 = Base64.getEncoder().encodeToString("second-master-key-of-32-bytes-ab".getBytes());

    private final Map<String, Object> common = new HashMap<>();

    KeyRotationApiTest() {
        TestPostgres.register((name, value) -> common.put(name, value.get()));
        TestTokens.registerLocalIssuer((name, value) -> common.put(name, value.get()));
        TestBlobs.register((name, value) -> common.put(name, value.get()));
        common.remove("sandstone.crypto.master-keys.test");
        common.remove("sandstone.crypto.active-master-key");
        common.put("server.port", "0");
        common.put("sandstone.embedded-postgres.enabled", "false");
        common.put("sandstone.crypto.generate-if-missing", "false");
        try {
            common.put("sandstone.data-dir", Files.createTempDirectory("sandstone-rotation-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rotating_the_master_key_rewraps_data_keys_and_the_old_key_can_then_go() {
        String id = withService(Map.of("sandstone.crypto.master-keys.k1", K1), api -> {
            String created = api.apply("alice").post("/api/documents", json("title", "Before rotation",
                    "content", "Written under k1.", "tags", List.of())).body().get("id").asText();
            assertThat(api.apply("root").get("/api/admin/keys").body().get("dataKeysByMasterKey").get("k1").asLong())
                    .isPositive();
            return created;
        });

        String later = withService(Map.of("sandstone.crypto.master-keys.k1", K1,
                "sandstone.crypto.master-keys.k2", K2, "sandstone.crypto.active-master-key", "k2"), api -> {
            ApiClient admin = api.apply("root");
            assertThat(api.apply("alice").get("/api/documents/" + id).body().get("content").asText())
                    .isEqualTo("Written under k1.");
            assertThat(api.apply("alice").get("/api/documents").status()).isEqualTo(200);
            ApiClient.Response rotation = admin.post("/api/admin/keys/rotate", null);
            assertThat(rotation.status()).isEqualTo(200);
            assertThat(rotation.body().get("rewrapped").asInt()).isPositive();
            assertThat(rotation.body().get("dataKeysByMasterKey").has("k1")).isFalse();
            assertThat(admin.post("/api/admin/keys/rotate", null).body().get("rewrapped").asInt()).isZero();
            assertThat(api.apply("alice").post("/api/admin/keys/rotate", null).status()).isEqualTo(403);
            return api.apply("alice").post("/api/documents", json("title", "After rotation",
                    "content", "Written under k2.", "tags", List.of())).body().get("id").asText();
        });

        withService(Map.of("sandstone.crypto.master-keys.k2", K2), api -> {
            ApiClient alice = api.apply("alice");
            assertThat(alice.get("/api/documents/" + id + "/revisions/1").body().get("content").asText())
                    .isEqualTo("Written under k1.");
            assertThat(alice.get("/api/documents/" + later).body().get("content").asText())
                    .isEqualTo("Written under k2.");
            assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", "Edited under k2."))
                    .status()).isEqualTo(200);
            return null;
        });
    }

    /** Starts the service with these master keys, gives the test clients for user names, and stops it. */
    private <T> T withService(Map<String, String> keys, Function<Function<String, ApiClient>, T> test) {
        Map<String, Object> properties = new HashMap<>(common);
        properties.putAll(keys);
        properties.put("axoniq.update-checker.disabled", "true");
        // As arguments: they must win over the local default's application.properties (port, embedded database,
        // data directory), which default properties would not.
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SandstoneApplication.class)
                .run(arguments)) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            String base = "http://localhost:" + port;
            return test.apply(user -> {
                List<String> roles = user.equals("root") ? List.of("admin") : List.of();
                String token = new ApiClient(base, null).post("/local/token", Map.of("sub", user, "roles", roles))
                        .body().get("access_token").asText();
                return new ApiClient(base, token);
            });
        }
    }
}
