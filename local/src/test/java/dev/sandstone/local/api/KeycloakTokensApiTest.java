package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstone.local.SandstoneApplication;
import dev.sandstone.platform.test.TestBlobs;
import dev.sandstone.platform.test.TestKeycloak;
import dev.sandstone.platform.test.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service behind a real OIDC provider: Keycloak with the repository's realm file
 * ({@code keycloak/realm-sandstone.json}), the local issuer off. Keycloak's tokens are accepted, its client roles
 * (the top-level {@code roles} claim) are our global roles, and expired or foreign-realm tokens are refused.
 */
@SpringBootTest(classes = SandstoneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakTokensApiTest {

    /** Spring's resource server accepts a token up to 60 s past its expiry (clock skew). */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static String shortLivedToken;
    private static Instant shortLivedExpiry;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        TestBlobs.register(registry);
        TestKeycloak.register(registry);
    }

    /** Taken before the service starts, so most of the wait for its expiry passes while the context loads. */
    @BeforeAll
    static void takeAShortLivedToken() throws Exception {
        shortLivedToken = TestKeycloak.shared().accessToken(TestKeycloak.REALM, TestKeycloak.SHORT_LIVED_CLIENT, "alice");
        shortLivedExpiry = Instant.ofEpochSecond(claims(shortLivedToken).get("exp").asLong());
    }

    @Test
    @Order(1)
    void keycloak_tokens_carry_the_roles_claim_the_service_expects() throws Exception {
        JsonNode audrey = claims(TestKeycloak.shared().accessToken("audrey"));
        JsonNode root = claims(TestKeycloak.shared().accessToken("root"));
        JsonNode alice = claims(TestKeycloak.shared().accessToken("alice"));

        assertThat(audrey.get("roles")).extracting(JsonNode::asText).containsExactly("auditor");
        assertThat(root.get("roles")).extracting(JsonNode::asText).containsExactly("admin");
        assertThat(alice.has("roles")).as("alice has no global role: %s", alice).isFalse();
        assertThat(alice.get("iss").asText()).isEqualTo(TestKeycloak.shared().issuer(TestKeycloak.REALM));
    }

    @Test
    @Order(2)
    void a_user_of_the_realm_creates_and_reads_a_document() {
        ApiClient alice = as("alice");

        ApiClient.Response created = alice.post("/api/documents",
                Map.of("title", "Keycloak plan", "content", "Signed by Keycloak.", "tags", List.of()));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.body().get("id").asText();
        ApiClient.Response read = alice.get("/api/documents/" + id);

        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.body().get("content").asText()).isEqualTo("Signed by Keycloak.");
        assertThat(as("bob").get("/api/documents/" + id).status()).as("a stranger").isEqualTo(404);
    }

    @Test
    @Order(3)
    void realm_roles_become_ours_auditor_reads_the_audit_log_admin_controls_processors() {
        ApiClient.Response audit = as("audrey").get("/api/audit");
        ApiClient.Response processors = as("root").get("/api/admin/processors");

        assertThat(audit.status()).as("%s", audit).isEqualTo(200);
        assertProblem(as("alice").get("/api/audit"), 403, "");
        assertThat(processors.status()).as("%s", processors).isEqualTo(200);
        assertProblem(as("audrey").get("/api/admin/processors"), 403, "");
    }

    @Test
    @Order(4)
    void a_token_of_another_realm_is_refused_even_when_it_claims_admin() throws Exception {
        String foreign = TestKeycloak.shared().accessToken(TestKeycloak.FOREIGN_REALM, TestKeycloak.CLIENT, "root");
        assertThat(claims(foreign).get("roles")).extracting(JsonNode::asText).containsExactly("admin");

        ApiClient.Response refused = new ApiClient(baseUrl(), foreign).get("/api/admin/processors");

        assertProblem(refused, 401, "bearer token");
        assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    @Order(5)
    void an_expired_token_is_refused() throws Exception {
        Duration untilRefused = Duration.between(Instant.now(), shortLivedExpiry.plus(CLOCK_SKEW).plusSeconds(2));
        if (!untilRefused.isNegative()) {
            Thread.sleep(untilRefused.toMillis());
        }

        ApiClient.Response refused = new ApiClient(baseUrl(), shortLivedToken).get("/api/documents");

        assertProblem(refused, 401, "expired");
    }

    private ApiClient as(String username) {
        return new ApiClient(baseUrl(), TestKeycloak.shared().accessToken(username));
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    private static JsonNode claims(String token) throws Exception {
        String payload = token.split("\\.")[1];
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }
}
