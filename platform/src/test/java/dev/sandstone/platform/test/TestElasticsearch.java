package dev.sandstone.platform.test;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real Elasticsearch per test JVM, started on first use and killed at exit.
 * <p>
 * The build unpacks the server (Maven artifact {@code org.elasticsearch.distribution.integ-test-zip:elasticsearch:zip})
 * into {@code target/elasticsearch} and names that directory in the system property
 * {@value #HOME_PROPERTY}. Each JVM copies it into a temporary directory of its own, next to a fresh data
 * directory, so test runs never share state. Tests may {@link #stop()} the server and {@link #start()} it again on
 * the same port and data, to check how the application catches up after an outage.
 * <p>
 * Elasticsearch refuses to run as root: when the tests run as root (as in some CI containers), the copy is handed
 * to the user {@code nobody} and the server is started as that user with {@code setpriv}.
 */
public final class TestElasticsearch {

    public static final String HOME_PROPERTY = "sandstone.test.elasticsearch.home";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String NOBODY = "65534";
    private static final Path CONSOLE_LOG = Path.of("target", "elasticsearch.log");

    private static TestElasticsearch shared;
    private static RuntimeException sharedStartFailure;

    private final Path directory;
    private final Path home;
    private final int httpPort;
    private final int transportPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;

    private TestElasticsearch(Path distribution) throws IOException {
        directory = Files.createTempDirectory("sandstone-elasticsearch-");
        home = directory.resolve("home");
        try {
            copy(distribution, home);
            Files.createDirectories(directory.resolve("data"));
            Files.createDirectories(directory.resolve("logs"));
            Files.createDirectories(directory.resolve("tmp"));
            if (runningAsRoot()) {
                run("chown", "-R", NOBODY + ":" + NOBODY, directory.toString());
            }
        } catch (IOException e) {
            deleteRecursively(directory);
            throw e;
        }
        Files.createDirectories(CONSOLE_LOG.getParent());
        Files.deleteIfExists(CONSOLE_LOG);
        try (ServerSocket first = freePort(); ServerSocket second = freePort()) {
            httpPort = first.getLocalPort();
            transportPort = second.getLocalPort();
        }
    }

    /** The server of this JVM, started on the first call. A failed start fails every later call at once. */
    public static synchronized TestElasticsearch shared() {
        if (sharedStartFailure != null) {
            throw new IllegalStateException("The test Elasticsearch failed to start earlier in this JVM",
                    sharedStartFailure);
        }
        if (shared == null) {
            try {
                TestElasticsearch server = new TestElasticsearch(distribution());
                Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "test-elasticsearch-shutdown"));
                server.start();
                shared = server;
            } catch (IOException e) {
                sharedStartFailure = new UncheckedIOException("Cannot prepare the test Elasticsearch", e);
                throw sharedStartFailure;
            } catch (RuntimeException e) {
                sharedStartFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /** Points Spring's Elasticsearch client at the shared server; use from a {@code @DynamicPropertySource} method. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.elasticsearch.uris", () -> shared().url());
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int port() {
        return httpPort;
    }

    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Starts the server (again) on the same ports and data, and waits until the cluster is at least yellow. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        settings().forEach((name, value) -> command.add("-E" + name + "=" + value));

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(CONSOLE_LOG.toFile()));
        Map<String, String> environment = builder.environment();
        environment.remove("ES_PATH_CONF");
        environment.put("ES_JAVA_HOME", javaHome());
        environment.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        environment.put("ES_TMPDIR", directory.resolve("tmp").toString());
        long started = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        awaitHealthy();
        System.out.printf("Test Elasticsearch healthy at %s after %d ms%n", url(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Stops the server gracefully (SIGTERM) and waits until it has exited; data stays for the next start. */
    public synchronized void stop() {
        Process current = process;
        if (current == null) {
            return;
        }
        List<ProcessHandle> tree = processTree(current);
        current.destroy();
        if (!awaitExit(tree, STOP_TIMEOUT)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, STOP_TIMEOUT);
        }
        process = null;
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cluster.name", "sandstone-test");
        settings.put("node.name", "sandstone-test");
        settings.put("discovery.type", "single-node");
        settings.put("network.host", "127.0.0.1");
        settings.put("http.port", String.valueOf(httpPort));
        settings.put("transport.port", String.valueOf(transportPort));
        settings.put("path.data", directory.resolve("data").toString());
        settings.put("path.logs", directory.resolve("logs").toString());
        settings.put("xpack.security.enabled", "false");
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        settings.put("action.destructive_requires_name", "false");
        return settings;
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5))
                .build();
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw failure("Elasticsearch exited during start-up");
            }
            try {
                // 200 once the cluster is yellow or green; 408 while it is still red.
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the HTTP port opens a few seconds after the process starts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("Interrupted while waiting for Elasticsearch");
            }
            sleep(Duration.ofMillis(250));
        }
        throw failure("Elasticsearch was not healthy within " + START_TIMEOUT.toSeconds() + " s");
    }

    private IllegalStateException failure(String message) {
        killProcessTree();
        return new IllegalStateException(message + " (" + url() + "). Last lines of " + CONSOLE_LOG.toAbsolutePath()
                + ":\n" + tail(CONSOLE_LOG, 40));
    }

    /** Shutdown hook: no time for a graceful stop; the data directory goes away with the rest. */
    private void destroy() {
        killProcessTree();
        deleteRecursively(directory);
    }

    private void killProcessTree() {
        Process current = process;
        if (current != null) {
            List<ProcessHandle> tree = processTree(current);
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, STOP_TIMEOUT);
        }
    }

    /** The launcher and the server JVM it forks; taken before stopping, since orphans leave the tree. */
    private static List<ProcessHandle> processTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        return tree;
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path distribution() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured == null || !Files.isExecutable(Path.of(configured, "bin", "elasticsearch"))) {
            throw new IllegalStateException("No Elasticsearch at " + HOME_PROPERTY + "=" + configured
                    + ". The Maven build unpacks it (maven-dependency-plugin, phase generate-test-resources) and "
                    + "sets the property for Surefire; run the tests through Maven, or set the property to an "
                    + "unpacked elasticsearch-<version> directory.");
        }
        return Path.of(configured).toAbsolutePath();
    }

    /** Elasticsearch's own variable if set, otherwise the JDK running the tests (the 8.18 server runs on Java 17). */
    private static String javaHome() {
        String configured = System.getenv("ES_JAVA_HOME");
        return configured != null && !configured.isBlank() ? configured : System.getProperty("java.home");
    }

    private static boolean runningAsRoot() {
        return new UnixSystem().getUid() == 0;
    }

    private static ServerSocket freePort() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a left-over temporary directory is harmless
        }
    }

    private static void run(String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted: " + String.join(" ", command), e);
        }
    }

    private static String tail(Path file, int lines) {
        try (Stream<String> all = Files.lines(file)) {
            List<String> content = all.toList();
            return String.join("\n", content.subList(Math.max(0, content.size() - lines), content.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
