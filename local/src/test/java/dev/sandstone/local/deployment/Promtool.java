package dev.sandstone.local.deployment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Prometheus's {@code promtool}, from the PATH, else installed from Debian's {@code prometheus} package as root. */
final class Promtool {

    private Promtool() {
    }

    static synchronized Path require() throws Exception {
        Optional<Path> found = onPath();
        if (found.isPresent()) {
            return found.get();
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("promtool is missing: install the Debian package prometheus "
                    + "(apt-get install prometheus), which provides /usr/bin/promtool");
        }
        run("apt-get", "update");
        String output = run("apt-get", "install", "-y", "--no-install-recommends", "prometheus");
        return onPath().orElseThrow(() -> new IllegalStateException(
                "apt-get install prometheus did not provide promtool:\n" + output));
    }

    private static Optional<Path> onPath() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/bin"))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("promtool is missing and " + String.join(" ", command) + " failed: install "
                    + "the Debian package prometheus, which provides it:\n" + output);
        }
        return output;
    }
}
