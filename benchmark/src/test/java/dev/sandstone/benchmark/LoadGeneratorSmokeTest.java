package dev.sandstone.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.local.SandstoneApplication;
import dev.sandstone.platform.test.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Keeps the harness from rotting: the whole single-process service in this JVM on a real PostgreSQL, and the
 * generator in smoke mode against it for a few seconds, with lag sampling, a 50-document search corpus and one
 * replay. No figure is asserted; only that it works.
 */
class LoadGeneratorSmokeTest {

    @Test
    @Timeout(120)
    void a_smoke_run_edits_samples_lag_searches_and_replays_without_errors_and_writes_both_result_files(
            @TempDir Path temp) throws Exception {
        String jdbcUrl = TestPostgres.newDatabase();
        SpringApplicationBuilder sandstone = new SpringApplicationBuilder(SandstoneApplication.class)
                .main(SandstoneApplication.class);
        try (ConfigurableApplicationContext service = sandstone.run(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--sandstone.embedded-postgres.enabled=false",
                "--sandstone.security.local-issuer.key-file=" + temp.resolve("local-issuer-key.der"),
                "--server.port=0")) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            Path out = temp.resolve("results");

            Results results = LoadGenerator.run(Options.parse("--smoke", "--base-url", "http://127.0.0.1:" + port,
                    "--out", out.toString(), "--jdbc-url", jdbcUrl, "--search-corpus", "50", "--replay", "documents"));

            assertThat(results.editsOk()).isPositive();
            assertThat(results.errors()).as("errors: %s", results.errorSamples()).isZero();
            assertThat(results.processorLag().processors()).extracting(Results.ProcessorLag::processor)
                    .contains("documents", "search", "audit");
            assertThat(results.notMeasured()).as("not measured").doesNotContainKeys(
                    "search latency at a large corpus", "replay of the whole event store (events/s)");
            assertThat(results.search().documentsCreated()).isEqualTo(50);
            Results.SearchQueries all = results.search().queries().get(results.search().queries().size() - 1);
            assertThat(all.searches()).isPositive();
            assertThat(all.errors()).as("search errors: %s", results.search().errorSamples()).isZero();
            assertThat(results.replays()).singleElement().satisfies(replay -> {
                assertThat(replay.processor()).isEqualTo("documents");
                assertThat(replay.finished()).isTrue();
            });
            assertThat(out.resolve("results.json")).isNotEmptyFile();
            assertThat(out.resolve("results.md")).isNotEmptyFile();
        }
    }
}
