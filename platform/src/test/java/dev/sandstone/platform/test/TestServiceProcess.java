package dev.sandstone.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A Sandstone service run from its exec jar as a JVM of its own, on a free port of 127.0.0.1, configured by
 * arguments only (as a container is by its environment), with Axon's update checker off. Ready once
 * {@code /actuator/health/readiness} answers 200; its console goes to {@code target/<name>.log}. Close it to stop it
 * gracefully (SIGTERM, then killed after 30 s) and delete its working directory.
 */
public final class TestServiceProcess extends TestServerProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final List<String> jvmOptions;
    private final Map<String, String> properties;
    private final int port;

    public TestServiceProcess(String name, Path jar, List<String> jvmOptions, Map<String, String> properties)
            throws IOException {
        super(name, Files.createTempDirectory("sandstone-" + name + "-"), Path.of("target", name + ".log"),
                Duration.ofSeconds(150));
        this.name = name;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.properties = Map.copyOf(properties);
        this.port = freeLoopbackPorts(1)[0];
    }

    /**
     * The exec jar that the reactor build made of {@code module} (a directory beside the others), refused when it is
     * older than the module's compiled classes: a test of the deployable must not run yesterday's.
     */
    public static Path execJar(Path moduleDirectory) {
        String module = moduleDirectory.getFileName().toString();
        Path target = moduleDirectory.resolve("target");
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(file -> file.getFileName().toString().matches(module + "-.*-exec\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No " + module + " exec jar in " + target
                            + ": build the reactor (e.g. ./mvnw -pl local -am verify), which packages it"));
        } catch (IOException e) {
            throw new IllegalStateException("No " + target + ": build the reactor first", e);
        }
        OptionalLong newestClass = newestModification(target.resolve("classes"));
        if (newestClass.isPresent() && lastModified(jar) < newestClass.getAsLong()) {
            throw new IllegalStateException(jar + " is older than " + target.resolve("classes")
                    + ": package the module again (the reactor build does)");
        }
        return jar.toAbsolutePath();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    @Override
    protected ProcessBuilder processBuilder() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Daxoniq.update-checker.disabled=true");
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory().toFile());
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        return builder;
    }

    @Override
    protected HttpRequest readinessProbe() {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
    }

    @Override
    protected int readyStatus() {
        return 200;
    }

    @Override
    protected String address() {
        return baseUrl();
    }

    @Override
    public void close() {
        stop();
        deleteRecursively(directory());
    }

    private static OptionalLong newestModification(Path directory) {
        if (!Files.isDirectory(directory)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(TestServiceProcess::lastModified).max();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lastModified(Path file) {
        try {
            FileTime time = Files.getLastModifiedTime(file);
            return time.toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
