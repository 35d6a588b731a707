package dev.sandstone.local.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstone.platform.test.TestServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local default survives crashes: the exec jar the build made runs as a process of its own on one data
 * directory, writers edit documents with {@code If-Match} and record every version the service acknowledged, and the
 * service is killed with real SIGKILLs while they write: the service alone (its watchdog then stops PostgreSQL), the
 * service and its watchdog (PostgreSQL is left running and the next start stops it), and the service with all of
 * PostgreSQL at once (a power cut: a stale pid file and crash recovery from the write-ahead log). After each, the next
 * start on the same directory comes up, every acknowledged edit is there at its version with its content, and every
 * processor catches up.
 * <p>
 * An integration test (Failsafe): it needs {@code target/sandstone-exec.jar}, which the {@code package} phase makes
 * after the unit tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {

    private static final int DOCUMENTS = 3;
    /** Acknowledged edits each writer makes before the kill, so that the kill lands while edits are in flight. */
    private static final int EDITS_BEFORE_KILL = 5;
    private static final Duration WITHIN = Duration.ofSeconds(40);
    private static final List<String> SERVICE_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    private static final String WATCHDOG = "sandstone-postgres-watchdog";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Per document: every version the service acknowledged, with the content that edit wrote. */
    private final Map<String, ConcurrentSkipListMap<Long, String>> acknowledged = new ConcurrentHashMap<>();
    private Path dataDirectory;
    private Path postgresDirectory;
    private TestServiceProcess service;
    private String alice;
    private String admin;
    private int phase;

    @BeforeAll
    void startTheLocalDefault() throws IOException {
        Path jar = Path.of("target", "sandstone-exec.jar").toAbsolutePath();
        assertThat(jar).as("the exec jar the package phase makes").exists();
        dataDirectory = Files.createTempDirectory("sandstone-crash-");
        postgresDirectory = dataDirectory.resolve("postgres");
        service = new TestServiceProcess("crash-recovery", jar, SERVICE_JVM, Map.of(
                "sandstone.data-dir", dataDirectory.toString(),
                "sandstone.rate-limit.enabled", "false"));
        service.start();
        alice = token("{\"sub\":\"alice\"}");
        admin = token("{\"sub\":\"root\",\"roles\":[\"admin\"]}");
        for (int i = 0; i < DOCUMENTS; i++) {
            String content = "created " + i;
            Response created = send("POST", "/api/documents", alice,
                    Map.of("title", "Crash " + i, "content", content), null);
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            ConcurrentSkipListMap<Long, String> versions = new ConcurrentSkipListMap<>();
            versions.put(created.body().get("version").asLong(), content);
            acknowledged.put(created.body().get("id").asText(), versions);
        }
    }

    @AfterAll
    void stopEverything() {
        if (service != null) {
            service.close();
        }
        // Whatever a failed test left: only PostgreSQL of this test's own directory.
        List<ProcessHandle> left = postgresOf(postgresDirectory);
        left.forEach(ProcessHandle::destroyForcibly);
        left.forEach(process -> process.onExit().join());
        deleteRecursively(dataDirectory);
    }

    @Test
    @Order(1)
    void after_a_sigkill_of_the_service_alone_its_watchdog_stops_postgresql_and_the_next_start_has_every_edit() {
        assertThat(watchdog()).as("a watchdog runs beside the service").isPresent();

        writeWhileKilling(service::kill);

        await("the watchdog to stop PostgreSQL").atMost(WITHIN)
                .until(() -> postgresOf(postgresDirectory).isEmpty());
        assertThat(postgresDirectory.resolve("postmaster.pid")).as("a clean shutdown").doesNotExist();
        restartAndCheckEveryAcknowledgedEdit();
    }

    @Test
    @Order(2)
    void after_a_sigkill_of_the_service_and_its_watchdog_the_next_start_stops_the_postgresql_left_running()
            throws IOException {
        long postmaster = postmasterPid();
        ProcessHandle watchdog = watchdog().orElseThrow();

        writeWhileKilling(() -> {
            watchdog.destroyForcibly();
            service.kill();
        });

        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).as("PostgreSQL outlives them")
                .isPresent();
        restartAndCheckEveryAcknowledgedEdit();
        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).as("the leftover was stopped").isEmpty();
        assertThat(postmasterPid()).isNotEqualTo(postmaster);
        assertThat(Files.readString(service.consoleLog()))
                .contains("PostgreSQL (PID " + postmaster + ") of " + postgresDirectory.toRealPath()
                        + " outlived the service that started it");
    }

    @Test
    @Order(3)
    void after_a_power_cut_that_kills_the_service_and_all_of_postgresql_at_once_the_next_start_recovers()
            throws IOException {
        long postmaster = postmasterPid();
        ProcessHandle jvm = service.process().orElseThrow();
        ProcessHandle watchdog = watchdog().orElseThrow();

        writeWhileKilling(() -> {
            List<ProcessHandle> everything = new ArrayList<>(postgresOf(postgresDirectory));
            everything.add(watchdog);
            everything.add(jvm);
            everything.forEach(ProcessHandle::destroyForcibly);
            service.kill();
            everything.forEach(process -> process.onExit().join());
        });

        assertThat(postgresDirectory.resolve("postmaster.pid")).as("left by the postmaster killed").exists();
        restartAndCheckEveryAcknowledgedEdit();
        String log = Files.readString(service.consoleLog());
        assertThat(log).contains("Removed the stale postmaster.pid of " + postgresDirectory.toRealPath());
        assertThat(log).as("PostgreSQL replayed its write-ahead log")
                .contains("database system was interrupted").contains("redo done");
        assertThat(postmasterPid()).isNotEqualTo(postmaster);
    }

    /**
     * One writer per document edits it as fast as the service answers, recording each acknowledged version, until
     * {@code kill} ends the service: each writer first gets {@link #EDITS_BEFORE_KILL} edits acknowledged, so the kill
     * lands while all of them have a request in flight.
     */
    private void writeWhileKilling(Runnable kill) {
        phase++;
        CountDownLatch warmedUp = new CountDownLatch(DOCUMENTS);
        List<Thread> writers = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (String id : acknowledged.keySet()) {
            Thread writer = new Thread(() -> {
                try {
                    write(id, warmedUp);
                } catch (AssertionError | RuntimeException e) {
                    failures.incrementAndGet();
                    throw e;
                }
            }, "writer-" + id);
            writers.add(writer);
            writer.start();
        }
        try {
            assertThat(warmedUp.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).as("every writer got edits through")
                    .isTrue();
            kill.run();
            for (Thread writer : writers) {
                writer.join(WITHIN.toMillis());
                assertThat(writer.isAlive()).as("%s stopped once the service was gone", writer.getName()).isFalse();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(failures.get()).as("writers that met an unexpected answer").isZero();
    }

    /** Edits until the service is gone (no answer, or 5xx while it dies); any other refusal but 412 fails. */
    private void write(String id, CountDownLatch warmedUp) {
        long version = currentVersion(id);
        int edits = 0;
        try {
            while (true) {
                String content = "phase " + phase + " edit " + (edits + 1) + " of " + id;
                Response answer = send("PUT", "/api/documents/" + id + "/content", alice, Map.of("content", content),
                        "\"" + version + "\"");
                if (answer.status() == 200) {
                    version = answer.body().get("version").asLong();
                    acknowledged.get(id).put(version, content);
                    if (++edits == EDITS_BEFORE_KILL) {
                        warmedUp.countDown();
                    }
                    continue;
                }
                if (answer.status() >= 500) {
                    return;
                }
                assertThat(answer.status()).as("%s", answer).isEqualTo(412);
                Response current = send("GET", "/api/documents/" + id, alice, null, null);
                if (current.status() != 200) {
                    return;
                }
                version = current.body().get("version").asLong();
            }
        } catch (UncheckedIOException serviceGone) {
            // no answer: the service was killed with this edit in flight, acknowledged or not
        }
    }

    private void restartAndCheckEveryAcknowledgedEdit() {
        service.start();
        for (Map.Entry<String, ConcurrentSkipListMap<Long, String>> document : acknowledged.entrySet()) {
            String id = document.getKey();
            for (Map.Entry<Long, String> edit : document.getValue().entrySet()) {
                Response revision = send("GET", "/api/documents/" + id + "/revisions/" + edit.getKey(), alice, null,
                        null);
                assertThat(revision.status()).as("version %d of %s: %s", edit.getKey(), id, revision).isEqualTo(200);
                assertThat(revision.body().get("content").asText()).as("version %d of %s", edit.getKey(), id)
                        .isEqualTo(edit.getValue());
            }
            long version = currentVersion(id);
            assertThat(version).as("%s: at least its last acknowledged version", id)
                    .isGreaterThanOrEqualTo(document.getValue().lastKey());
            await("the history of " + id + " to hold its " + version + " versions").atMost(WITHIN)
                    .until(() -> send("GET", "/api/documents/" + id + "/history?size=1", alice, null, null)
                            .body().get("total").asLong() == version);
            await("the audit chain of " + id + " to verify over " + version + " records").atMost(WITHIN)
                    .until(() -> {
                        JsonNode verified = send("GET", "/api/audit/verify?documentId=" + id, admin, null, null).body();
                        return verified.get("valid").asBoolean() && verified.get("records").asLong() == version;
                    });
        }
        await("every processor to run and catch up").atMost(WITHIN).until(() -> {
            JsonNode processors = send("GET", "/api/admin/processors", admin, null, null).body();
            for (JsonNode processor : processors) {
                if (processor.get("lagEvents").asLong() != 0 || !"RUNNING".equals(processor.get("state").asText())) {
                    return false;
                }
            }
            return processors.size() > 0;
        });
    }

    private long currentVersion(String id) {
        Response document = send("GET", "/api/documents/" + id, alice, null, null);
        assertThat(document.status()).as("%s", document).isEqualTo(200);
        return document.body().get("version").asLong();
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(postgresDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<ProcessHandle> watchdog() {
        return service.process().flatMap(jvm -> jvm.children()
                .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).contains(WATCHDOG))
                .findFirst());
    }

    /** Every process running PostgreSQL's binary with {@code dataDirectory} as its working directory. */
    private static List<ProcessHandle> postgresOf(Path dataDirectory) {
        return ProcessHandle.allProcesses().filter(process -> {
            Path proc = Path.of("/proc", Long.toString(process.pid()));
            try {
                return Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString().startsWith("postgres")
                        && proc.resolve("cwd").toRealPath().equals(dataDirectory.toRealPath());
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }).toList();
    }

    private String token(String claims) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/local/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(claims)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return json.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, JsonNode body, String raw) {
        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    private Response send(String method, String path, String token, Object body, String ifMatch) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            return new Response(response.statusCode(), raw.isBlank() ? json.nullNode() : json.readTree(raw), raw);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
