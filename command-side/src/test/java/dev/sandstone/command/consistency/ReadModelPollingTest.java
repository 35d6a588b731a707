package dev.sandstone.command.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.platform.consistency.ReadModelProperties;
import dev.sandstone.platform.consistency.ReadYourWrites;
import dev.sandstone.platform.test.TestPostgres;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The command side on its own waits for the shared read model by reading the document's version from PostgreSQL
 * (the query side's {@code documents} table; here only the two columns it reads), and backs off when the process has
 * a read-your-writes implementation of its own (the single-process shape).
 */
class ReadModelPollingTest {

    private final DataSource dataSource = new DriverManagerDataSource(TestPostgres.newDatabase(), "postgres", "");
    private final JdbcClient jdbc = JdbcClient.create(dataSource);

    @Test
    void a_write_waits_until_the_read_model_shows_its_version() {
        readModelWith("d1", 1);
        ReadModelPolling polling = polling(Duration.ofSeconds(5));
        CompletableFuture.runAsync(() -> jdbc.sql("UPDATE documents SET version = 2 WHERE id = 'd1'").update(),
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));

        long started = System.nanoTime();
        assertThat(polling.awaitDocumentVersion("d1", 2)).isTrue();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(waited).isBetween(250L, 2_000L);
    }

    @Test
    void a_version_already_in_the_read_model_answers_at_once() {
        readModelWith("d2", 7);

        long started = System.nanoTime();
        assertThat(polling(Duration.ofSeconds(5)).awaitDocumentVersion("d2", 6)).isTrue();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000L);
    }

    @Test
    void a_read_model_that_stays_behind_is_waited_for_until_the_timeout_only() {
        readModelWith("d3", 1);

        long started = System.nanoTime();
        assertThat(polling(Duration.ofMillis(400)).awaitDocumentVersion("d3", 2)).isFalse();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(waited).isBetween(400L, 2_000L);
    }

    @Test
    void a_database_without_the_read_model_yet_only_makes_the_write_wait_out_the_timeout() {
        assertThat(polling(Duration.ofMillis(200)).awaitDocumentVersion("d4", 1)).isFalse();
    }

    @Test
    void the_command_side_on_its_own_polls_the_read_model() {
        contexts().run(context -> assertThat(context).getBean(ReadYourWrites.class)
                .isInstanceOf(ReadModelPolling.class));
    }

    @Test
    void a_process_with_its_own_read_your_writes_keeps_it() {
        ReadYourWrites inProcess = (id, version) -> true;
        contexts().withBean(ReadYourWrites.class, () -> inProcess)
                .run(context -> assertThat(context).getBean(ReadYourWrites.class).isSameAs(inProcess));
    }

    private ApplicationContextRunner contexts() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ReadModelPollingConfiguration.class))
                .withBean(DataSource.class, () -> dataSource);
    }

    private void readModelWith(String id, long version) {
        jdbc.sql("CREATE TABLE IF NOT EXISTS documents (id VARCHAR(64) PRIMARY KEY, version BIGINT NOT NULL)").update();
        jdbc.sql("INSERT INTO documents (id, version) VALUES (?, ?)").params(id, version).update();
    }

    private ReadModelPolling polling(Duration timeout) {
        return new ReadModelPolling(jdbc, new ReadModelProperties(timeout, Duration.ofMillis(5), Duration.ofMillis(50)));
    }
}
