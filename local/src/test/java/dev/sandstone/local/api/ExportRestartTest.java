package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstone.local.SandstoneApplication;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.blob.Compression;
import dev.sandstone.platform.blob.filesystem.FileSystemBlobStore;
import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An export survives a restart: the service is stopped while the export's job runs (held just before its archive is
 * stored), and the next start runs the job again to completion. Two real starts of the whole local service on one
 * database and one blob directory; download links live 2 seconds here, so their expiry is tested too.
 */
class ExportRestartTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Test
    void an_export_cut_short_by_a_stop_runs_again_at_the_next_start_and_completes() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        TestPostgres.register((name, value) -> properties.put(name, value.get()));
        TestTokens.registerLocalIssuer((name, value) -> properties.put(name, value.get()));
        Path data = Files.createTempDirectory("sandstone-restart-");
        properties.put("sandstone.data-dir", data.toString());
        properties.put("sandstone.blobs.filesystem.directory", data.resolve("blobs").toString());
        properties.put("sandstone.exports.url-lifetime", "2s");
        properties.put("server.port", "0");
        String exportId;
        String documentId;

        ConfigurableApplicationContext first = new SpringApplicationBuilder(SandstoneApplication.class,
                HeldArchives.class).run(arguments(properties));
        try {
            ApiClient owner = client(first, "owner-" + UUID.randomUUID().toString().substring(0, 8));
            documentId = owner.post("/api/documents", json("title", "Survives", "content", "x", "tags", List.of()))
                    .body().get("id").asText();
            ApiClient auditor = client(first, "audrey-" + UUID.randomUUID().toString().substring(0, 8), "auditor");
            exportId = ExportArchives.request(auditor, json("type", "document-audit", "documentId", documentId));

            assertThat(HeldArchives.REACHED.await(30, TimeUnit.SECONDS)).as("the job reached the blob store").isTrue();
            assertThat(auditor.get("/api/exports/" + exportId).body().get("status").asText()).isEqualTo("running");
        } finally {
            first.close();
        }

        String url = (String) properties.get("spring.datasource.url");
        assertThat(row(url, exportId)).as("stopped mid-job: still running, one attempt").containsExactly("running", "1");
        assertThat(count(url, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%ExportCompleted'"))
                .isZero();

        ConfigurableApplicationContext second = new SpringApplicationBuilder(SandstoneApplication.class)
                .run(arguments(properties));
        try {
            ApiClient auditor = client(second, "audrey-" + UUID.randomUUID().toString().substring(0, 8), "auditor");
            ApiClient admin = client(second, "root-" + UUID.randomUUID().toString().substring(0, 8), "admin");
            JsonNode done = ExportArchives.completed(admin, exportId, WITHIN);
            String link = done.get("downloadUrl").asText();
            ExportArchives.Download download = ExportArchives.get(link);

            assertThat(row(url, exportId)).as("the next start ran it again").containsExactly("completed", "2");
            assertThat(download.status()).isEqualTo(200);
            assertThat(ExportArchives.sha256(download.body())).isEqualTo(done.get("sha256").asText());
            assertThat(ExportArchives.entries(download.body())).containsKey("events.ndjson");
            assertThat(count(url, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%ExportCompleted'"))
                    .as("completed once").isEqualTo(1);
            JsonNode chain = ApiTest.awaitOk(auditor, "/api/audit?documentId=export-" + exportId,
                    page -> page.get("total").asLong() == 2, WITHIN);
            assertThat(chain.get("items")).extracting(r -> r.get("type").asText())
                    .containsExactly("export_requested", "export_completed");

            Thread.sleep(Duration.between(Instant.now(), Instant.parse(done.get("downloadExpiresAt").asText()))
                    .plusMillis(200).toMillis());
            ExportArchives.Download expired = ExportArchives.get(link);
            assertThat(expired.status()).isEqualTo(403);
            assertThat(expired.problem().get("detail").asText()).contains("expired");
            assertThat(ExportArchives.get(admin.get("/api/exports/" + exportId).body().get("downloadUrl").asText())
                    .status()).as("a fresh link").isEqualTo(200);
        } finally {
            second.close();
        }
    }

    /** As command-line arguments: they override the local default's application.properties (embedded PostgreSQL). */
    private static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private static ApiClient client(ConfigurableApplicationContext service, String userId, String... roles) {
        String baseUrl = "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
        ApiClient.Response token = new ApiClient(baseUrl, null).post("/local/token",
                Map.of("sub", userId, "roles", List.of(roles)));
        assertThat(token.status()).isEqualTo(200);
        return new ApiClient(baseUrl, token.body().get("access_token").asText());
    }

    private static List<String> row(String url, String exportId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT status, attempts FROM exports WHERE id = '" + exportId + "'")) {
            assertThat(rs.next()).isTrue();
            return List.of(rs.getString(1), rs.getString(2));
        }
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The first start's blob store: an archive never gets stored, its job waits there until the processor's shutdown
     * interrupts it. Not a {@code @Configuration} class, so the other tests' component scan never finds it.
     */
    static class HeldArchives {

        static final CountDownLatch REACHED = new CountDownLatch(1);

        @Bean
        BlobStore blobStore(org.springframework.core.env.Environment environment) {
            BlobStore files = new FileSystemBlobStore(Path.of(environment.getRequiredProperty(
                    "sandstone.blobs.filesystem.directory")), Compression.GZIP);
            return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
                    (proxy, method, arguments) -> {
                        if (method.getName().equals("putAsIs")) {
                            REACHED.countDown();
                            try {
                                new CountDownLatch(1).await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            throw new IllegalStateException("Interrupted while storing " + arguments[0]);
                        }
                        try {
                            return method.invoke(files, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
