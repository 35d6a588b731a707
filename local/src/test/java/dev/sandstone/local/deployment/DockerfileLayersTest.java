package dev.sandstone.local.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the Dockerfile assumes of the jars, checked without Docker on the jars the reactor build has just made: each
 * side's exec jar carries Spring Boot's tools jar mode, and its layers are exactly those the Dockerfile copies, in
 * that order.
 */
class DockerfileLayersTest {

    @ParameterizedTest
    @ValueSource(strings = {"command-side", "query-side"})
    void the_exec_jar_has_the_layers_the_dockerfile_copies(String module) throws Exception {
        Path jar = execJar(module);
        Process listing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", jar.toString(), "list-layers").redirectErrorStream(true).start();
        String output = new String(listing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(listing.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<String> layers = output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        List<String> copied = Files.readAllLines(DockerComposeTest.REPOSITORY.resolve("Dockerfile")).stream()
                .filter(line -> line.startsWith("COPY --from=layers /builder/extracted/"))
                .map(line -> line.replaceAll(".*/extracted/([^/]+)/.*", "$1"))
                .toList();
        assertThat(listing.exitValue()).as(output).isZero();
        assertThat(layers).as("layers of %s", jar).isEqualTo(copied);
    }

    private static Path execJar(String module) throws IOException {
        try (Stream<Path> files = Files.list(DockerComposeTest.REPOSITORY.resolve(module).resolve("target"))) {
            return files.filter(file -> file.getFileName().toString().matches(module + "-.*-exec\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No " + module + " exec jar: build the reactor"));
        }
    }
}
