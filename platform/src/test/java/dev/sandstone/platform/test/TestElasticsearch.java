package dev.sandstone.platform.test;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
public final class TestElasticsearch extends TestServerProcess {

    public static final String HOME_PROPERTY = "sandstone.test.elasticsearch.home";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String NOBODY = "65534";

    private static final OncePerJvm<TestElasticsearch> SHARED = new OncePerJvm<>("The test Elasticsearch",
            () -> new TestElasticsearch(unpackedDistribution(HOME_PROPERTY, "bin/elasticsearch", "elasticsearch-<version>")),
            TestElasticsearch::start, TestElasticsearch::destroy);

    private final Path home;
    private final int httpPort;
    private final int transportPort;

    private TestElasticsearch(Path distribution) throws IOException {
        super("Elasticsearch", Files.createTempDirectory("sandstone-elasticsearch-"),
                Path.of("target", "elasticsearch.log"), START_TIMEOUT);
        home = directory().resolve("home");
        install(distribution, home, () -> {
            Files.createDirectories(directory().resolve("data"));
            Files.createDirectories(directory().resolve("logs"));
            Files.createDirectories(directory().resolve("tmp"));
            if (runningAsRoot()) {
                run("chown", "-R", NOBODY + ":" + NOBODY, directory().toString());
            }
        });
        int[] ports = freeLoopbackPorts(2);
        httpPort = ports[0];
        transportPort = ports[1];
    }

    /** The server of this JVM, started on the first call. A failed start fails every later call at once. */
    public static TestElasticsearch shared() {
        return SHARED.get();
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

    @Override
    protected ProcessBuilder processBuilder() {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        settings().forEach((name, value) -> command.add("-E" + name + "=" + value));

        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("ES_PATH_CONF");
        environment.put("ES_JAVA_HOME", javaHome());
        environment.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        environment.put("ES_TMPDIR", directory().resolve("tmp").toString());
        return builder;
    }

    /** 200 once the cluster is yellow or green; 408 while it is still red. */
    @Override
    protected HttpRequest readinessProbe() {
        return HttpRequest.newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
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

    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cluster.name", "sandstone-test");
        settings.put("node.name", "sandstone-test");
        settings.put("discovery.type", "single-node");
        settings.put("network.host", "127.0.0.1");
        settings.put("http.port", String.valueOf(httpPort));
        settings.put("transport.port", String.valueOf(transportPort));
        settings.put("path.data", directory().resolve("data").toString());
        settings.put("path.logs", directory().resolve("logs").toString());
        settings.put("xpack.security.enabled", "false");
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        settings.put("action.destructive_requires_name", "false");
        return settings;
    }

    /** Elasticsearch's own variable if set, otherwise the JDK running the tests (the 8.18 server runs on Java 17). */
    private static String javaHome() {
        String configured = System.getenv("ES_JAVA_HOME");
        return configured != null && !configured.isBlank() ? configured : System.getProperty("java.home");
    }

    private static boolean runningAsRoot() {
        return new UnixSystem().getUid() == 0;
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
}
