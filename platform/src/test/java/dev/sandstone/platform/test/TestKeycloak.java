package dev.sandstone.platform.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real OIDC provider per test JVM: Keycloak, started on first use with the repository's realm file and killed
 * at exit.
 * <p>
 * The build unpacks the server (Maven artifact {@code org.keycloak:keycloak-quarkus-dist:zip}) into
 * {@code target/keycloak} and names it in {@value #HOME_PROPERTY}; the realm file ({@code keycloak/realm-sandstone.json}
 * at the repository's root) is named in {@value #REALM_PROPERTY}. Each JVM copies the distribution into a temporary
 * directory of its own (Keycloak writes its build and its dev database there) and imports three realms:
 * <ul>
 *   <li>{@value #REALM}: the realm file as it is;</li>
 *   <li>{@value #FOREIGN_REALM}: the same realm under another name, with its own keys: same users, same roles, but an
 *   issuer the service must not trust;</li>
 *   <li>in {@value #REALM}, one more client, {@value #SHORT_LIVED_CLIENT}, whose access tokens live one second, for
 *   tests of expired tokens.</li>
 * </ul>
 * Keycloak does not mind running as root, so unlike {@link TestElasticsearch} it is started as the build's user.
 */
public final class TestKeycloak extends TestServerProcess {

    public static final String HOME_PROPERTY = "sandstone.test.keycloak.home";
    public static final String REALM_PROPERTY = "sandstone.test.keycloak.realm";
    public static final String REALM = "sandstone";
    public static final String FOREIGN_REALM = "sandstone-foreign";
    public static final String CLIENT = "sandstone-api";
    public static final String SHORT_LIVED_CLIENT = "sandstone-api-short-lived";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final OncePerJvm<TestKeycloak> SHARED = new OncePerJvm<>("The test Keycloak",
            () -> new TestKeycloak(unpackedDistribution(HOME_PROPERTY, "bin/kc.sh", "keycloak-<version>"), realmFile()),
            TestKeycloak::start, TestKeycloak::destroy);

    private final Path home;
    private final int httpPort;
    private final int managementPort;

    private TestKeycloak(Path distribution, Path realmFile) throws IOException {
        super("Keycloak", Files.createTempDirectory("sandstone-keycloak-"), Path.of("target", "keycloak.log"),
                START_TIMEOUT);
        home = directory().resolve("home");
        install(distribution, home, () -> writeRealms(realmFile, Files.createDirectories(home.resolve("data/import"))));
        int[] ports = freeLoopbackPorts(2);
        httpPort = ports[0];
        managementPort = ports[1];
    }

    /** The server of this JVM, started on the first call. A failed start fails every later call at once. */
    public static TestKeycloak shared() {
        return SHARED.get();
    }

    /** Makes the service trust the shared server's {@value #REALM} realm; use from a {@code @DynamicPropertySource}. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("sandstone.security.local-issuer.enabled", () -> "false");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> shared().issuer(REALM));
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The {@code iss} of the realm's tokens, and the base of its OIDC discovery document. */
    public String issuer(String realm) {
        return url() + "/realms/" + realm;
    }

    /** An access token of {@code username} (password grant; the realm file's password is {@code <username>-password}). */
    public String accessToken(String realm, String client, String username) {
        String form = Map.of("grant_type", "password", "client_id", client, "username", username,
                        "password", username + "-password").entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("No token for " + username + " in " + realm + "/" + client + ": "
                        + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An access token of {@code username} in {@value #REALM} for {@value #CLIENT}. */
    public String accessToken(String username) {
        return accessToken(REALM, CLIENT, username);
    }

    @Override
    protected ProcessBuilder processBuilder() {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--import-realm", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort, "--health-enabled=true")
                .directory(home.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        return builder;
    }

    /** The realms are imported before Keycloak reports ready; the health check answers on the management port. */
    @Override
    protected HttpRequest readinessProbe() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    protected int readyStatus() {
        return 200;
    }

    @Override
    protected String address() {
        return url();
    }

    private static void writeRealms(Path realmFile, Path importDirectory) throws IOException {
        ObjectNode realm = (ObjectNode) JSON.readTree(realmFile.toFile());
        ObjectNode foreign = realm.deepCopy();
        foreign.put("realm", FOREIGN_REALM);
        for (JsonNode client : realm.withArray("clients").deepCopy()) {
            if (CLIENT.equals(client.path("clientId").asText())) {
                ObjectNode shortLived = (ObjectNode) client;
                shortLived.put("clientId", SHORT_LIVED_CLIENT);
                shortLived.withObject("attributes").put("access.token.lifespan", "1");
                realm.withArray("clients").add(shortLived);
            }
        }
        JSON.writeValue(importDirectory.resolve(REALM + "-realm.json").toFile(), realm);
        JSON.writeValue(importDirectory.resolve(FOREIGN_REALM + "-realm.json").toFile(), foreign);
    }

    private static Path realmFile() {
        String configured = System.getProperty(REALM_PROPERTY);
        if (configured == null || !Files.isRegularFile(Path.of(configured))) {
            throw new IllegalStateException("No realm file at " + REALM_PROPERTY + "=" + configured
                    + " (the build points it at keycloak/realm-sandstone.json of the repository).");
        }
        return Path.of(configured).toAbsolutePath();
    }
}
