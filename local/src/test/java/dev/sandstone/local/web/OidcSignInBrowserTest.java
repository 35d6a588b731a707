package dev.sandstone.local.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandstone.local.SandstoneApplication;
import dev.sandstone.platform.test.TestBlobs;
import dev.sandstone.platform.test.TestKeycloak;
import dev.sandstone.platform.test.TestPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The full stack's sign-in: the web app against a real Keycloak with the repository's realm, authorization code +
 * PKCE through Keycloak's own login page, a token the API accepts, and sign-out through Keycloak.
 */
@SpringBootTest(classes = SandstoneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OidcSignInBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ChromeDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        TestBlobs.register(registry);
        TestKeycloak.register(registry);
    }

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        Chromium.quit(browser);
    }

    @Test
    void alice_signs_in_through_keycloak_with_pkce_uses_the_api_and_signs_out() throws Exception {
        String base = "http://localhost:" + port;
        allowRedirectsTo(base);
        WebPages app = new WebPages(browser, base);

        HttpResponse<String> config = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/ui-config")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode ui = JSON.readTree(config.body());
        assertThat(ui.get("auth").asText()).isEqualTo("oidc");
        assertThat(ui.get("issuer").asText()).isEqualTo(TestKeycloak.shared().issuer(TestKeycloak.REALM));

        browser.get(base + "/");
        app.find("login-submit").click();
        app.await(d -> d.getCurrentUrl().startsWith(TestKeycloak.shared().url()) ? true : null);
        assertThat(browser.getCurrentUrl()).contains("code_challenge_method=S256", "response_type=code");
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice-password");
        browser.findElement(By.id("kc-login")).click();

        app.await(d -> "alice".equals(d.findElement(WebPages.testId("signed-in-user")).getText()) ? true : null);
        assertThat(browser.getCurrentUrl()).doesNotContain("code=").doesNotContain("state=");
        String id = app.createDocument("Signed in with Keycloak");
        app.awaitEditable();
        assertThat(id).isNotBlank();
        // Nothing about the session was written to persistent storage.
        assertThat(browser.executeScript("return window.localStorage.length")).isEqualTo(0L);

        browser.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
        app.await(d -> d.getCurrentUrl().startsWith(base) && !d.findElements(WebPages.testId("login-submit")).isEmpty()
                ? true : null);
        assertThat(browser.findElements(WebPages.testId("signed-in-user"))).isEmpty();
    }

    /** The realm lets its public client redirect to localhost:8080; this test's service has a random port. */
    private static void allowRedirectsTo(String base) throws Exception {
        String keycloak = TestKeycloak.shared().url();
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        JsonNode token = JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                        URI.create(keycloak + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body());
        String admin = "Bearer " + token.get("access_token").asText();
        String clients = keycloak + "/admin/realms/" + TestKeycloak.REALM + "/clients";
        JsonNode found = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(clients + "?clientId="
                        + URLEncoder.encode(TestKeycloak.CLIENT, StandardCharsets.UTF_8))).header("Authorization", admin).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        ObjectNode client = (ObjectNode) found.get(0);
        ((ArrayNode) client.withArray("redirectUris")).add(base + "/*");
        ((ArrayNode) client.withArray("webOrigins")).add(base);
        client.withObject("attributes").put("post.logout.redirect.uris", "+");
        HttpResponse<String> updated = HTTP.send(HttpRequest.newBuilder(URI.create(clients + "/" + client.get("id").asText()))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
    }
}
