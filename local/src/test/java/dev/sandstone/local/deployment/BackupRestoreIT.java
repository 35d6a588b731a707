package dev.sandstone.local.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstone.platform.test.TestServiceProcess;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Backup and restore of the local default, as docs/operations.md describes it: the service is stopped, its data
 * directory (PostgreSQL, master key, token key, blobs) copied; edits made after the backup are what a restore loses
 * (the recovery point); the copy, started as a new service in another place, has every document at its backed-up
 * version, and every read model is rebuilt from the restored event store by a replay. The time from the copy to a
 * rebuilt read model (the recovery time) is printed.
 */
class BackupRestoreIT {

    private static final int DOCUMENTS = 3;
    private static final int EDITS = 4;
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final List<String> SERVICE_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestServiceProcess source;
    private TestServiceProcess restored;
    private Path original;
    private Path backup;

    @AfterEach
    void stopAndDelete() {
        for (TestServiceProcess service : new TestServiceProcess[] {source, restored}) {
            if (service != null) {
                service.close();
            }
        }
        deleteRecursively(original);
        deleteRecursively(backup);
    }

    @Test
    void a_copy_of_the_stopped_data_directory_restores_every_document_and_the_read_models_rebuild_from_it()
            throws IOException {
        Path jar = Path.of("target", "sandstone-exec.jar").toAbsolutePath();
        original = Files.createTempDirectory("sandstone-backup-original-");
        backup = Files.createTempDirectory("sandstone-backup-copy-");
        source = new TestServiceProcess("backup-source", jar, SERVICE_JVM, Map.of("sandstone.data-dir",
                original.toString()));
        source.start();
        String alice = token(source, "{\"sub\":\"alice\"}");
        Map<String, Long> backedUp = new LinkedHashMap<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            String id = send(source, "POST", "/api/documents", alice,
                    Map.of("title", "Restorable " + i, "content", "v1"), null).get("id").asText();
            long version = 1;
            for (int edit = 2; edit <= EDITS + 1; edit++) {
                version = send(source, "PUT", "/api/documents/" + id + "/content", alice,
                        Map.of("content", "v" + edit), "\"" + version + "\"").get("version").asLong();
            }
            backedUp.put(id, version);
        }
        source.stop();

        long copyStarted = System.nanoTime();
        copyRecursively(original, backup);
        Duration copy = Duration.ofNanos(System.nanoTime() - copyStarted);

        // Written after the backup: what restoring it loses.
        source.start();
        String first = backedUp.keySet().iterator().next();
        send(source, "PUT", "/api/documents/" + first + "/content", token(source, "{\"sub\":\"alice\"}"),
                Map.of("content", "after the backup"), "\"" + backedUp.get(first) + "\"");
        source.stop();

        long restoreStarted = System.nanoTime();
        restored = new TestServiceProcess("backup-restored", jar, SERVICE_JVM, Map.of("sandstone.data-dir",
                backup.toString()));
        restored.start();
        String owner = token(restored, "{\"sub\":\"alice\"}");
        for (Map.Entry<String, Long> document : backedUp.entrySet()) {
            JsonNode read = send(restored, "GET", "/api/documents/" + document.getKey(), owner, null, null);
            assertThat(read.get("version").asLong()).as(document.getKey()).isEqualTo(document.getValue());
            assertThat(read.get("content").asText()).isEqualTo("v" + (EDITS + 1));
        }

        String admin = token(restored, "{\"sub\":\"root\",\"roles\":[\"admin\"]}");
        for (String processor : List.of("documents", "search", "audit")) {
            assertThat(status(restored, "POST", "/api/admin/processors/" + processor + "/replay", admin))
                    .as("replay of %s", processor).isEqualTo(202);
        }
        await("every processor to replay the restored event store").atMost(WITHIN).until(() -> {
            for (JsonNode processor : send(restored, "GET", "/api/admin/processors", admin, null, null)) {
                if (processor.get("lagEvents").asLong() != 0 || !"RUNNING".equals(processor.get("state").asText())) {
                    return false;
                }
            }
            return true;
        });
        for (Map.Entry<String, Long> document : backedUp.entrySet()) {
            String id = document.getKey();
            await("the rebuilt history of " + id).atMost(WITHIN).until(() -> send(restored, "GET",
                    "/api/documents/" + id + "/history?size=1", owner, null, null).get("total").asLong()
                    == document.getValue());
        }
        String rebuilt = "/api/search?q=" + URLEncoder.encode("restorable", StandardCharsets.UTF_8);
        await("the rebuilt search index").atMost(WITHIN).untilAsserted(() -> assertThat(
                send(restored, "GET", rebuilt, owner, null, null).get("total").asInt()).isEqualTo(DOCUMENTS));
        Duration recovery = Duration.ofNanos(System.nanoTime() - restoreStarted);
        System.out.printf("Backup of the local default: copy of %d MiB in %d ms; restore, start and rebuild of every "
                + "read model in %d ms%n", size(backup) >> 20, copy.toMillis(), recovery.toMillis());
    }

    private String token(TestServiceProcess service, String claims) {
        return request(service, HttpRequest.newBuilder(URI.create(service.baseUrl() + "/local/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(claims))).get("access_token").asText();
    }

    private int status(TestServiceProcess service, String method, String path, String token) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                    .header("Authorization", "Bearer " + token)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(TestServiceProcess service, String method, String path, String token, Object body,
                          String ifMatch) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                    .header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            return request(service, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode request(TestServiceProcess service, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s", response.uri(), response.body()).isBetween(200, 299);
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        // PostgreSQL insists on a data directory only its owner may enter.
        Files.setPosixFilePermissions(to.resolve("postgres"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    private static long size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a left-over temporary directory is harmless
        }
    }
}
