package dev.sandstone.local.collab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.local.api.ApiTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live channel against ShareDB's official client: {@code src/test/node/collab/collab.test.js} (node's test
 * runner, {@code sharedb/lib/client} unmodified, installed by the build into {@code target/collab-node}) runs against
 * the whole single-process service. Each of its tests is a specification of the protocol; this test passes when all
 * of them do, and prints node's report either way.
 */
class LiveCollaborationProtocolTest extends ApiTest {

    private static final Path NODE_PROJECT = Path.of(System.getProperty("sandstone.test.collab.node",
            "target/collab-node"));

    @DynamicPropertySource
    static void smallSendBuffer(DynamicPropertyRegistry registry) {
        // Small enough for the slow-subscriber test to overflow it with a few megabytes of operations.
        registry.add("sandstone.collab.send-buffer-limit", () -> "512KB");
        // The paused client resumes only after the writers are done, however slow a loaded machine makes them.
        registry.add("sandstone.collab.send-timeout", () -> "90s");
    }

    @Test
    void the_official_sharedb_client_edits_live_against_the_service() throws IOException, InterruptedException {
        assertThat(NODE_PROJECT.resolve("node_modules/sharedb")).as("the build installs sharedb into %s", NODE_PROJECT)
                .isDirectory();
        Path report = Files.createTempFile("collab-node", ".txt");
        List<String> arguments = new java.util.ArrayList<>(List.of("node", "--test", "--test-reporter=spec",
                "--test-concurrency=1"));
        String only = System.getenv("COLLAB_TEST_PATTERN");
        if (only != null && !only.isBlank()) {
            arguments.add("--test-name-pattern=" + only);
        }
        arguments.add("collab.test.js");
        ProcessBuilder command = new ProcessBuilder(arguments)
                .directory(NODE_PROJECT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(report.toFile());
        command.environment().put("SANDSTONE_URL", baseUrl());
        Process node = command.start();
        boolean finished = node.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        String output = Files.readString(report, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(finished).as("node finished within 180 s:%n%s", output).isTrue();
        assertThat(node.exitValue()).as("node's test report:%n%s", output).isZero();
        assertThat(output).contains("ℹ fail 0").doesNotContain("ℹ tests 0").doesNotContain("ℹ pass 0");
    }
}
