package dev.sandstone.platform.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx for tests, in the foreground ({@code daemon off;}) under a temporary prefix, with a configuration included in
 * its {@code http} context (a gateway's {@code server} and {@code upstream} blocks). Every request is logged as
 * {@code METHOD URI STATUS UPSTREAM SECONDS} in {@link #accessLog()}, so a test can see where the gateway sent it
 * and how long it took.
 * <p>
 * The binary: the system property {@value #BINARY_PROPERTY} if set, else {@code nginx} on the {@code PATH} (or in
 * {@code /usr/sbin}), else one extracted from Debian's package into the cache directory {@value #CACHE_PROPERTY}
 * (the build puts it beside the Maven local repository's artifacts; {@code target/nginx} otherwise): {@code apt-get
 * download} works as any user where the package lists exist; as root, {@code apt-get update} first fetches missing
 * lists. Nothing is installed into the system. The configuration needs only modules every nginx build has (proxy,
 * upstream keepalive, map, rewrite's {@code return}), and no {@code mime.types}.
 */
public final class TestNginx extends TestServerProcess implements AutoCloseable {

    public static final String BINARY_PROPERTY = "sandstone.test.nginx";
    public static final String CACHE_PROPERTY = "sandstone.test.nginx.cache";
    /** Debian package names that have carried the binary in some release (the first is the current one). */
    private static final List<String> PACKAGES = List.of("nginx", "nginx-core", "nginx-light");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private final Path binary;
    private final Path configuration;
    private final int port;
    private final String readinessPath;

    /**
     * Prepares nginx (not started yet: {@link #start()}) and checks the configuration with {@code nginx -t}.
     *
     * @param httpInclude   configuration for nginx's {@code http} context; it must listen on {@code 127.0.0.1:port}
     * @param port          where it listens
     * @param readinessPath a path it answers with 200 once it runs (e.g. the gateway's own health location)
     */
    public static TestNginx create(String httpInclude, int port, String readinessPath) throws IOException {
        return new TestNginx(binary(), httpInclude, port, readinessPath);
    }

    private TestNginx(Path binary, String httpInclude, int port, String readinessPath) throws IOException {
        super("nginx", Files.createTempDirectory("sandstone-nginx-"), Path.of("target", "nginx.log"),
                Duration.ofSeconds(30));
        this.binary = binary;
        this.port = port;
        this.readinessPath = readinessPath;
        Path prefix = directory();
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("temp"));
        Path included = Files.writeString(prefix.resolve("included.conf"), httpInclude);
        configuration = Files.writeString(prefix.resolve("nginx.conf"), String.join("\n",
                "daemon off;",
                "worker_processes 1;",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "lock_file " + prefix.resolve("nginx.lock") + ";",
                "error_log " + errorLog() + " notice;",
                "events { worker_connections 1024; }",
                "http {",
                "    log_format routes '$request_method $uri $status $upstream_addr $request_time';",
                "    access_log " + accessLog() + " routes;",
                // The package's compiled-in paths are under /var: a user other than root may not write there.
                "    client_body_temp_path " + prefix.resolve("temp/body") + ";",
                "    proxy_temp_path " + prefix.resolve("temp/proxy") + ";",
                "    fastcgi_temp_path " + prefix.resolve("temp/fastcgi") + ";",
                "    uwsgi_temp_path " + prefix.resolve("temp/uwsgi") + ";",
                "    scgi_temp_path " + prefix.resolve("temp/scgi") + ";",
                "    include " + included + ";",
                "}",
                ""));
        Result test = run(List.of(binary.toString(), "-t", "-p", prefix + "/", "-c", configuration.toString(),
                "-e", errorLog().toString()), prefix);
        if (test.exitCode() != 0) {
            deleteRecursively(prefix);
            throw new IllegalStateException("nginx (" + binary + ") refuses the configuration:\n" + test.output());
        }
    }

    public Path accessLog() {
        return directory().resolve("logs/access.log");
    }

    public Path errorLog() {
        return directory().resolve("logs/error.log");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    protected ProcessBuilder processBuilder() {
        return new ProcessBuilder(binary.toString(), "-p", directory() + "/", "-c", configuration.toString(),
                "-e", errorLog().toString()).directory(directory().toFile());
    }

    @Override
    protected HttpRequest readinessProbe() {
        return HttpRequest.newBuilder(URI.create(baseUrl() + readinessPath)).timeout(Duration.ofSeconds(2)).build();
    }

    @Override
    protected int readyStatus() {
        return 200;
    }

    @Override
    protected String address() {
        return baseUrl();
    }

    /** Stops nginx by its PID (SIGTERM: a fast shutdown) and deletes its prefix. */
    @Override
    public void close() {
        stop();
        deleteRecursively(directory());
    }

    /** The nginx binary to run; see the class comment for where it comes from. */
    public static synchronized Path binary() {
        String configured = System.getProperty(BINARY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return runnable(Path.of(configured)).orElseThrow(() -> new IllegalStateException(
                    BINARY_PROPERTY + "=" + configured + " is not a runnable nginx"));
        }
        Optional<Path> installed = onPath();
        if (installed.isPresent()) {
            return installed.get();
        }
        Path cache = cacheDirectory();
        return cached(cache).or(() -> extractFromPackage(cache)).orElseThrow(() -> new IllegalStateException(
                "No nginx: none on the PATH or in /usr/sbin, and none could be extracted from Debian's packages into "
                        + cache + " (see " + cache.resolve("download.log") + "). Install nginx, or set "
                        + BINARY_PROPERTY + " to an nginx binary."));
    }

    private static Optional<Path> onPath() {
        List<Path> candidates = new ArrayList<>();
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isBlank()) {
                candidates.add(Path.of(directory, "nginx"));
            }
        }
        candidates.add(Path.of("/usr/sbin/nginx"));
        candidates.add(Path.of("/usr/local/sbin/nginx"));
        return candidates.stream().filter(Files::isExecutable).findFirst().flatMap(TestNginx::runnable);
    }

    private static Path cacheDirectory() {
        String configured = System.getProperty(CACHE_PROPERTY);
        return (configured == null || configured.isBlank() ? Path.of("target", "nginx") : Path.of(configured))
                .toAbsolutePath();
    }

    /** A binary extracted earlier: {@code <cache>/<package file name>/usr/sbin/nginx}. */
    private static Optional<Path> cached(Path cache) {
        if (!Files.isDirectory(cache)) {
            return Optional.empty();
        }
        try (Stream<Path> extracted = Files.list(cache)) {
            return extracted.map(directory -> directory.resolve("usr/sbin/nginx")).sorted()
                    .map(TestNginx::runnable).flatMap(Optional::stream).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** apt-get download + dpkg-deb -x into the cache, as any user; {@code apt-get update} first only as root. */
    private static Optional<Path> extractFromPackage(Path cache) {
        try {
            Files.createDirectories(cache);
            Path log = cache.resolve("download.log");
            Path work = Files.createTempDirectory(cache, "download-");
            try {
                Optional<Path> binary = download(work, log);
                if (binary.isEmpty() && isRoot()) {
                    append(log, run(List.of("apt-get", "update"), work));
                    binary = download(work, log);
                }
                return binary.flatMap(extracted -> publish(cache, work, extracted));
            } finally {
                deleteRecursively(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the nginx cache " + cache, e);
        }
    }

    private static Optional<Path> download(Path work, Path log) throws IOException {
        for (String name : PACKAGES) {
            Result download = run(List.of("apt-get", "download", name), work);
            append(log, download);
            if (download.exitCode() != 0) {
                continue;
            }
            try (Stream<Path> files = Files.list(work)) {
                for (Path deb : files.filter(file -> file.toString().endsWith(".deb")).toList()) {
                    String packageFile = deb.getFileName().toString().replaceFirst("\\.deb$", "");
                    Path extracted = work.resolve(packageFile);
                    Result unpack = run(List.of("dpkg-deb", "-x", deb.toString(), extracted.toString()), work);
                    append(log, unpack);
                    Files.delete(deb);
                    if (unpack.exitCode() == 0 && Files.isExecutable(extracted.resolve("usr/sbin/nginx"))) {
                        return Optional.of(extracted);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Moves the extracted package into the cache (another JVM may have done the same meanwhile). */
    private static Optional<Path> publish(Path cache, Path work, Path extracted) {
        Path target = cache.resolve(extracted.getFileName());
        try {
            Files.move(extracted, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException alreadyThere) {
            // keep the one that is there
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw new UncheckedIOException("Cannot move nginx into " + target, e);
            }
        }
        return runnable(target.resolve("usr/sbin/nginx"));
    }

    /** The binary if {@code nginx -v} runs (an extracted one needs the system's libraries: pcre2, ssl, zlib). */
    private static Optional<Path> runnable(Path binary) {
        if (!Files.isExecutable(binary)) {
            return Optional.empty();
        }
        Result version = run(List.of(binary.toString(), "-v"), binary.getParent());
        return version.exitCode() == 0 ? Optional.of(binary.toAbsolutePath()) : Optional.empty();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private record Result(List<String> command, int exitCode, String output) {
    }

    /** Runs a command to its end (at most {@link #COMMAND_TIMEOUT}), without input, and keeps its output. */
    private static Result run(List<String> command, Path directory) {
        Path output = null;
        try {
            output = Files.createTempFile("sandstone-nginx-command-", ".log");
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(command, -1, "timed out after " + COMMAND_TIMEOUT + ":\n" + new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
            }
            return new Result(command, process.exitValue(), new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(command, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(command, -1, "interrupted");
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    private static void append(Path log, Result result) throws IOException {
        Files.writeString(log, "$ " + String.join(" ", result.command()) + " (exit " + result.exitCode() + ")\n"
                + result.output() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
