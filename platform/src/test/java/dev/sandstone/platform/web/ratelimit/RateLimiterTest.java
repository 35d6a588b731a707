package dev.sandstone.platform.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.platform.web.ratelimit.RateLimiter.Caller;
import dev.sandstone.platform.web.ratelimit.RateLimiter.Kind;
import dev.sandstone.platform.web.ratelimit.RateLimiter.Rejection;
import dev.sandstone.platform.web.ratelimit.RateLimiter.Scope;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The token buckets on a clock the test moves by hand. */
class RateLimiterTest {

    private static final Caller ALICE = Caller.user("alice");
    private static final Caller BOB = Caller.user("bob");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };

    /** Reads 4/s (burst 8), writes 2/s (burst 2), global 1000/s, at most 100 callers. */
    private RateLimiter limiter() {
        return limiter(1000, 1000, 100);
    }

    private RateLimiter limiter(long globalPerSecond, long globalBurst, int maxCallers) {
        return new RateLimiter(new RateLimitProperties(true, 4, 8, 2, 2, globalPerSecond, globalBurst, maxCallers,
                List.of()), clock);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void a_caller_gets_its_burst_then_is_refused_with_when_to_retry_and_why() {
        RateLimiter limiter = limiter();
        assertThat(limiter.tryAcquire(ALICE, Kind.WRITE)).isEmpty();
        assertThat(limiter.tryAcquire(ALICE, Kind.WRITE)).isEmpty();

        Optional<Rejection> third = limiter.tryAcquire(ALICE, Kind.WRITE);

        assertThat(third).contains(new Rejection(Scope.USER, Kind.WRITE, 1,
                "Too many writes: at most 2 per second per user (bursts of 2); retry after 1 s"));
    }

    @Test
    void reads_and_writes_have_separate_budgets() {
        RateLimiter limiter = limiter();
        drain(limiter, ALICE, Kind.WRITE);

        for (int i = 0; i < 8; i++) {
            assertThat(limiter.tryAcquire(ALICE, Kind.READ)).as("read %d", i).isEmpty();
        }
        assertThat(limiter.tryAcquire(ALICE, Kind.READ)).hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(Kind.READ));
    }

    @Test
    void another_caller_is_not_affected_and_an_address_is_not_a_user_of_the_same_name() {
        RateLimiter limiter = limiter();
        drain(limiter, ALICE, Kind.WRITE);
        drain(limiter, Caller.address("10.0.0.7"), Kind.WRITE);

        assertThat(limiter.tryAcquire(BOB, Kind.WRITE)).isEmpty();
        assertThat(limiter.tryAcquire(Caller.user("10.0.0.7"), Kind.WRITE)).isEmpty();
        assertThat(limiter.tryAcquire(Caller.address("10.0.0.7"), Kind.WRITE)).hasValueSatisfying(r ->
                assertThat(r.detail()).contains("per client address"));
    }

    @Test
    void the_budget_refills_at_its_rate() {
        RateLimiter limiter = limiter();
        drain(limiter, ALICE, Kind.WRITE);

        advance(Duration.ofMillis(499));
        assertThat(limiter.tryAcquire(ALICE, Kind.WRITE)).as("not yet a whole token").isPresent();
        advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(ALICE, Kind.WRITE)).as("one token after 1/2 s at 2/s").isEmpty();
        assertThat(limiter.tryAcquire(ALICE, Kind.WRITE)).isPresent();
    }

    @Test
    void retry_after_is_rounded_up_to_whole_seconds() {
        RateLimiter limiter = limiter();
        drain(limiter, ALICE, Kind.WRITE);
        advance(Duration.ofMillis(100));

        assertThat(limiter.tryAcquire(ALICE, Kind.WRITE))
                .hasValueSatisfying(r -> assertThat(r.retryAfterSeconds()).as("0.4 s to wait").isEqualTo(1));
    }

    @Test
    void the_global_budget_is_shared_by_all_callers() {
        RateLimiter limiter = limiter(1, 3, 100);
        assertThat(limiter.tryAcquire(Caller.user("a"), Kind.READ)).isEmpty();
        assertThat(limiter.tryAcquire(Caller.user("b"), Kind.WRITE)).isEmpty();
        assertThat(limiter.tryAcquire(Caller.address("10.0.0.1"), Kind.READ)).isEmpty();

        assertThat(limiter.tryAcquire(Caller.user("d"), Kind.READ)).contains(new Rejection(Scope.GLOBAL, Kind.READ, 1,
                "The service is at its limit of 1 requests per second across all callers; retry after 1 s"));
    }

    @Test
    void a_caller_over_its_own_limit_spends_none_of_the_global_budget_and_a_global_refusal_costs_it_nothing() {
        RateLimiter limiter = limiter(10, 3, 100);
        drain(limiter, ALICE, Kind.WRITE);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(ALICE, Kind.WRITE)).hasValueSatisfying(r ->
                    assertThat(r.scope()).isEqualTo(Scope.USER));
        }
        assertThat(limiter.tryAcquire(BOB, Kind.WRITE)).as("one global token left").isEmpty();

        assertThat(limiter.tryAcquire(Caller.user("carol"), Kind.WRITE)).hasValueSatisfying(r ->
                assertThat(r.scope()).isEqualTo(Scope.GLOBAL));
        advance(Duration.ofMillis(100));
        assertThat(limiter.tryAcquire(Caller.user("carol"), Kind.WRITE))
                .as("carol got her token back: 0.1 s refills one global token, not a write token of hers").isEmpty();
    }

    @Test
    void memory_is_bounded_by_the_number_of_callers_kept() {
        RateLimiter limiter = limiter(1_000_000, 1_000_000, 100);
        for (int i = 0; i < 2_000; i++) {
            limiter.tryAcquire(Caller.address("10.0." + i / 256 + "." + i % 256), Kind.READ);
        }

        assertThat(limiter.trackedCallers()).isLessThanOrEqualTo(100);
    }

    @Test
    void an_idle_caller_is_forgotten_once_its_buckets_are_full_again() {
        RateLimiter limiter = limiter();
        drain(limiter, ALICE, Kind.READ);
        assertThat(limiter.trackedCallers()).isEqualTo(1);

        advance(Duration.ofMillis(1_999));
        assertThat(limiter.trackedCallers()).as("8 reads at 4/s take 2 s to refill").isEqualTo(1);
        advance(Duration.ofMillis(2));
        assertThat(limiter.trackedCallers()).isZero();
        for (int i = 0; i < 8; i++) {
            assertThat(limiter.tryAcquire(ALICE, Kind.READ)).as("a fresh, full bucket: read %d", i).isEmpty();
        }
        assertThat(limiter.tryAcquire(ALICE, Kind.READ)).isPresent();
    }

    @ParameterizedTest
    @CsvSource({"GET,READ", "HEAD,READ", "OPTIONS,READ", "POST,WRITE", "PUT,WRITE", "PATCH,WRITE", "DELETE,WRITE"})
    void safe_methods_are_reads_and_all_others_writes(String method, Kind kind) {
        assertThat(Kind.of(method)).isEqualTo(kind);
    }

    private static void drain(RateLimiter limiter, Caller caller, Kind kind) {
        for (int i = 0; i < 1_000 && limiter.tryAcquire(caller, kind).isEmpty(); i++) {
            // take every token there is
        }
    }
}
