package dev.sandstone.platform.test;

import dev.sandstone.platform.blob.BlobStoreProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real S3 server per test JVM: S3Proxy, started on first use as its own process and killed at exit.
 * <p>
 * The build copies S3Proxy (Maven artifact {@code org.gaul:s3proxy:jar-with-dependencies}) into {@code target/s3proxy}
 * and names the jar in the system property {@value #JAR_PROPERTY}. The server listens on a free port of 127.0.0.1,
 * checks request signatures against {@link #ACCESS_KEY}/{@link #SECRET_KEY} like AWS S3, and keeps its objects in a
 * temporary directory of this JVM, so tests may {@link #stop()} it and {@link #start()} it again on the same port and
 * data to check how the application rides out an outage.
 */
public final class TestS3 extends TestServerProcess {

    public static final String JAR_PROPERTY = "sandstone.test.s3proxy.jar";
    public static final String ACCESS_KEY = "sandstone-test-access";
    public static final String SECRET_KEY = "sandstone-test-secret";
    public static final String REGION = "us-east-1";

    private static final OncePerJvm<TestS3> SHARED = new OncePerJvm<>("The test S3 server", () -> new TestS3(jar()),
            TestS3::start, TestS3::destroy);

    private final Path jar;
    private final Path properties;
    private final int port;

    private TestS3(Path jar) throws IOException {
        super("S3 (S3Proxy)", Files.createTempDirectory("sandstone-s3proxy-"), Path.of("target", "s3proxy.log"),
                Duration.ofSeconds(60));
        this.jar = jar;
        port = freeLoopbackPorts(1)[0];
        Path data = Files.createDirectories(directory().resolve("data"));
        properties = Files.writeString(directory().resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "s3proxy.ignore-unknown-headers=true",
                // On disk rather than in memory (transient-nio2), so objects survive a stop and start.
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data,
                ""));
    }

    /** The server of this JVM, started on the first call. A failed start fails every later call at once. */
    public static TestS3 shared() {
        return SHARED.get();
    }

    /** A bucket name no other test uses (the bucket itself is created by the store: {@code create-bucket=true}). */
    public static String newBucketName() {
        return "test-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toLowerCase(Locale.ROOT);
    }

    /**
     * Points {@code sandstone.blobs} at the shared server with a fresh bucket; use from a
     * {@code @DynamicPropertySource} method.
     */
    public static void register(DynamicPropertyRegistry registry) {
        shared().settings(newBucketName()).forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The {@code sandstone.blobs.*} settings for this server and {@code bucket}. */
    public Map<String, String> settings(String bucket) {
        return Map.of(
                "sandstone.blobs.store", "s3",
                "sandstone.blobs.s3.endpoint", endpoint(),
                "sandstone.blobs.s3.region", REGION,
                "sandstone.blobs.s3.bucket", bucket,
                "sandstone.blobs.s3.path-style", "true",
                "sandstone.blobs.s3.access-key", ACCESS_KEY,
                "sandstone.blobs.s3.secret-key", SECRET_KEY,
                "sandstone.blobs.s3.create-bucket", "true");
    }

    /** Typed settings for this server and {@code bucket}, with {@code overrides} (full property names) applied. */
    public BlobStoreProperties properties(String bucket, Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(settings(bucket));
        all.putAll(overrides);
        return new Binder(new MapConfigurationPropertySource(all))
                .bindOrCreate("sandstone.blobs", BlobStoreProperties.class);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    protected ProcessBuilder processBuilder() {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
                .directory(directory().toFile());
    }

    /** An unsigned {@code GET /} is refused with 403 once the server is up and checking signatures. */
    @Override
    protected HttpRequest readinessProbe() {
        return HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2)).build();
    }

    @Override
    protected int readyStatus() {
        return 403;
    }

    @Override
    protected String address() {
        return endpoint();
    }

    private static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured == null || !Files.isRegularFile(Path.of(configured))) {
            throw new IllegalStateException("No S3Proxy jar at " + JAR_PROPERTY + "=" + configured
                    + ". The Maven build copies it (maven-dependency-plugin, phase generate-test-resources) and sets "
                    + "the property for Surefire; run the tests through Maven, or set the property to an "
                    + "s3proxy-<version>-jar-with-dependencies.jar.");
        }
        return Path.of(configured).toAbsolutePath();
    }
}
