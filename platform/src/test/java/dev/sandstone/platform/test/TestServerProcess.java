package dev.sandstone.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real server for tests, run as a process of its own from a temporary directory (deleted at exit), its console
 * in a log under {@code target/}. Tests may {@link #stop()} it and {@link #start()} it again on the same ports and
 * data, to check how the application rides out an outage.
 */
abstract class TestServerProcess {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path directory;
    private final Path consoleLog;
    private final Duration startTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;

    protected TestServerProcess(String name, Path directory, Path consoleLog, Duration startTimeout) throws IOException {
        this.name = name;
        this.directory = directory;
        this.consoleLog = consoleLog;
        this.startTimeout = startTimeout;
        Files.createDirectories(consoleLog.getParent());
        Files.deleteIfExists(consoleLog);
    }

    /** The server's command, working directory and environment; its output goes to the console log. */
    protected abstract ProcessBuilder processBuilder();

    /** A request that the server answers with {@link #readyStatus()} once it is ready. */
    protected abstract HttpRequest readinessProbe();

    protected abstract int readyStatus();

    /** Where the server is reached, for messages. */
    protected abstract String address();

    /** Where the server's console output goes, across its starts. */
    public Path consoleLog() {
        return consoleLog;
    }

    /** The temporary directory the server runs from. */
    protected Path directory() {
        return directory;
    }

    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Starts the server (again) on the same ports and data, and waits until it is ready. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        ProcessBuilder builder = processBuilder()
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(consoleLog.toFile()));
        long started = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + builder.command(), e);
        }
        awaitReady();
        System.out.printf("Test %s ready at %s after %d ms%n", name, address(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Stops the server gracefully (SIGTERM) and waits until it has exited; its data stays for the next start. */
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

    /**
     * Kills the server's own process with SIGKILL, as the OOM killer or a crash would: no shutdown hook runs, and
     * processes it started itself stay as they are. Its data stays for the next {@link #start()}.
     */
    public synchronized void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        awaitExit(List.of(current.toHandle()), STOP_TIMEOUT);
        process = null;
    }

    /** The running server's own process. */
    public Optional<ProcessHandle> process() {
        Process current = process;
        return current != null && current.isAlive() ? Optional.of(current.toHandle()) : Optional.empty();
    }

    /** Shutdown hook: no time for a graceful stop; the data goes away with the directory. */
    protected void destroy() {
        killProcessTree();
        deleteRecursively(directory);
    }

    private void awaitReady() {
        HttpRequest probe = readinessProbe();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw failure(name + " exited during start-up");
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == readyStatus()) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the port opens a few seconds after the process starts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("Interrupted while waiting for " + name);
            }
            sleep(Duration.ofMillis(100));
        }
        throw failure(name + " was not ready within " + startTimeout.toSeconds() + " s");
    }

    private IllegalStateException failure(String message) {
        killProcessTree();
        return new IllegalStateException(message + " (" + address() + "). Last lines of " + consoleLog.toAbsolutePath()
                + ":\n" + tail(consoleLog, 40));
    }

    private void killProcessTree() {
        Process current = process;
        if (current != null) {
            List<ProcessHandle> tree = processTree(current);
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, STOP_TIMEOUT);
        }
    }

    /** The process and any it forked (a launcher script's JVM); taken before stopping, since orphans leave the tree. */
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

    /** {@code count} distinct ports of 127.0.0.1 that were free a moment ago. */
    protected static int[] freeLoopbackPorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** More preparation of the server's directory, after its distribution is copied. */
    protected interface Preparation {
        void run() throws IOException;
    }

    /**
     * Copies the server's {@code distribution} to {@code home} (inside {@link #directory()}), then runs {@code more};
     * if either fails, the directory is deleted.
     */
    protected void install(Path distribution, Path home, Preparation more) throws IOException {
        try {
            copy(distribution, home);
            more.run();
        } catch (IOException e) {
            deleteRecursively(directory);
            throw e;
        }
    }

    /**
     * The unpacked distribution that the system property {@code property} names, recognised by its
     * {@code executable} (relative to it). The Maven build unpacks it and sets the property for Surefire.
     */
    protected static Path unpackedDistribution(String property, String executable, String name) {
        String configured = System.getProperty(property);
        if (configured == null || !Files.isExecutable(Path.of(configured).resolve(executable))) {
            throw new IllegalStateException("No " + name + " at " + property + "=" + configured
                    + ". The Maven build unpacks it (maven-dependency-plugin, phase generate-test-resources; see the "
                    + "parent pom) and sets the property for Surefire; run the tests through Maven, or set the "
                    + "property to an unpacked " + name + " directory.");
        }
        return Path.of(configured).toAbsolutePath();
    }

    /** Copies a server's distribution, keeping file modes (its scripts stay executable). */
    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    protected static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a left-over temporary directory is harmless
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
