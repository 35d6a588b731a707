package dev.sandstone.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.platform.resilience.ResilienceProperties;
import dev.sandstone.platform.resilience.StoreCalls;
import dev.sandstone.platform.resilience.StoreResilience;
import dev.sandstone.platform.test.TestMongo;
import dev.sandstone.platform.web.DependencyUnavailableException;
import dev.sandstone.query.audit.mongodb.MongoAuditArchive;
import dev.sandstone.query.audit.mongodb.MongoAuditIndexes;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The {@code mongodb} circuit breaker around the real adapter and driver, on the MongoDB server the build runs: while
 * the server is down, the first calls wait out the client's time-out, then the open breaker refuses calls at once;
 * once the server is back and the wait in the open state has passed, calls go through again.
 */
class MongoCircuitBreakerTest {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration WAIT_IN_OPEN_STATE = Duration.ofSeconds(1);
    private static final AuditFilter EVERYTHING = new AuditFilter(null, null, null, null, null);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ResilienceProperties properties = new ResilienceProperties(true,
            new ResilienceProperties.CircuitBreaker(50, 4, 4, WAIT_IN_OPEN_STATE, 1),
            new ResilienceProperties.Retry(2, Duration.ofMillis(50), 2, Duration.ofMillis(100)));
    private final CircuitBreakerRegistry breakers = StoreResilience.circuitBreakers(properties);
    private MongoClient client;
    private AuditArchive archive;

    @BeforeEach
    void archiveBehindItsBreaker() {
        TestMongo mongo = TestMongo.shared();
        long timeout = CLIENT_TIMEOUT.toMillis();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.uri()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(timeout, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout((int) timeout, TimeUnit.MILLISECONDS)
                        .readTimeout((int) timeout, TimeUnit.MILLISECONDS))
                .build());
        MongoTemplate template = new MongoTemplate(client, TestMongo.DATABASE);
        String collection = "breaker_" + UUID.randomUUID().toString().substring(0, 8);
        StoreResilience resilience = new StoreResilience(properties, breakers, StoreResilience.retries(properties),
                meters);
        archive = new ResilientAuditArchive<>(new MongoAuditArchive(template, collection,
                new MongoAuditIndexes(template, collection, Duration.ofDays(1))),
                resilience.guarded("mongodb", MongoAuditArchive::unavailable));
    }

    @AfterEach
    void mongoIsBack() {
        TestMongo.shared().start();
        client.close();
    }

    @Test
    void an_unreachable_archive_opens_the_breaker_which_fails_fast_until_the_archive_is_back() throws Exception {
        archive.append(record(1));
        assertThat(archive.count(EVERYTHING)).isEqualTo(1);

        TestMongo.shared().stop();
        long started = System.nanoTime();
        for (int call = 0; call < 10 && breaker().getState() != CircuitBreaker.State.OPEN; call++) {
            assertThatThrownBy(() -> archive.count(EVERYTHING)).isInstanceOf(DependencyUnavailableException.class);
        }
        Duration untilOpen = Duration.ofNanos(System.nanoTime() - started);

        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(untilOpen).as("calls before the breaker opened wait out the client time-out")
                .isGreaterThanOrEqualTo(CLIENT_TIMEOUT);
        for (int call = 0; call < 5; call++) {
            long refused = System.nanoTime();
            assertThatThrownBy(() -> archive.count(EVERYTHING))
                    .isInstanceOf(DependencyUnavailableException.class)
                    .hasMessageContaining("MongoDB")
                    .hasCauseInstanceOf(CallNotPermittedException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - refused)).as("a refused call")
                    .isLessThan(CLIENT_TIMEOUT.dividedBy(10));
        }
        assertThat(meters.get(StoreCalls.METRIC).tags("store", "mongodb", "operation", "count", "outcome", "rejected")
                .timer().count()).isEqualTo(5);

        TestMongo.shared().start();
        Thread.sleep(WAIT_IN_OPEN_STATE.toMillis());
        awaitCount(1);
        archive.append(record(2));

        assertThat(archive.count(EVERYTHING)).isEqualTo(2);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /** The driver finds the server again within its time-out; a trial call that is too early opens the breaker again. */
    private void awaitCount(long expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                assertThat(archive.count(EVERYTHING)).isEqualTo(expected);
                return;
            } catch (DependencyUnavailableException notYet) {
                assertThat(Instant.now()).as("MongoDB answers again").isBefore(deadline);
                Thread.sleep(100);
            }
        }
    }

    private CircuitBreaker breaker() {
        return breakers.circuitBreaker("mongodb");
    }

    private static AuditRecordView record(long version) {
        return new AuditRecordView(UUID.randomUUID().toString(), "document-1", version, "content_edited", "alice",
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version), "trace", "Edited", "hash-" + version,
                version == 1 ? "" : "hash-" + (version - 1), "actor-seal", "summary-seal");
    }
}
