package dev.sandstone.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.platform.web.DependencyUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What a decorator's calls do with a store that fails: which failures count, which are retried, when it stops. */
class StoreCallsTest {

    private static final Duration WAIT_IN_OPEN_STATE = Duration.ofMillis(200);

    private final ResilienceProperties properties = new ResilienceProperties(true,
            new ResilienceProperties.CircuitBreaker(50, 4, 4, WAIT_IN_OPEN_STATE, 1),
            new ResilienceProperties.Retry(3, Duration.ofMillis(10), 2, Duration.ofMillis(20)));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreakerRegistry breakers = StoreResilience.circuitBreakers(properties);
    private final StoreResilience resilience = new StoreResilience(properties, breakers,
            StoreResilience.retries(properties), meters);
    private final StoreCalls calls = resilience.guarded("store", StoreCallsTest::refused);
    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void a_transient_failure_is_retried_with_back_off_and_the_call_succeeds() {
        Supplier<String> failsTwice = () -> attempts.incrementAndGet() <= 2 ? unavailable() : "answer";

        assertThat(calls.idempotent("read", failsTwice)).isEqualTo("answer");

        assertThat(attempts).hasValue(3);
        assertThat(timer("read", "success").count()).isEqualTo(1);
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
    }

    @Test
    void a_call_that_timed_out_is_not_retried_since_it_already_waited_as_long_as_allowed() {
        Supplier<String> timesOut = () -> {
            attempts.incrementAndGet();
            throw new DependencyUnavailableException("down", new SocketTimeoutException("Read timed out"));
        };

        assertThatThrownBy(() -> calls.idempotent("read", timesOut)).isInstanceOf(DependencyUnavailableException.class);

        assertThat(attempts).hasValue(1);
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void a_call_that_must_not_be_repeated_is_tried_once() {
        assertThatThrownBy(() -> calls.once("write", () -> outage()))
                .isInstanceOf(DependencyUnavailableException.class);

        assertThat(timer("write", "failure").count()).isEqualTo(1);
    }

    @Test
    void an_answer_of_the_store_is_neither_retried_nor_counted_as_a_failure() {
        Supplier<String> rejects = () -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("400: no such field");
        };

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> calls.idempotent("read", rejects)).isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(attempts).hasValue(6);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(timer("read", "error").count()).isEqualTo(6);
    }

    @Test
    void repeated_outages_open_the_breaker_which_refuses_calls_without_trying_until_a_trial_call_passes()
            throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> calls.once("write", this::outage))
                    .isInstanceOf(DependencyUnavailableException.class).hasMessage("down");
        }
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int tried = attempts.get();

        assertThatThrownBy(() -> calls.idempotent("read", this::outage))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("refused")
                .hasCauseInstanceOf(CallNotPermittedException.class);
        assertThat(attempts).hasValue(tried);
        assertThat(timer("read", "rejected").count()).isEqualTo(1);

        Thread.sleep(WAIT_IN_OPEN_STATE.toMillis() + 50);
        assertThat(calls.idempotent("read", () -> "back")).isEqualTo("back");
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void switched_off_calls_are_only_timed() {
        StoreCalls plain = new StoreResilience(new ResilienceProperties(false, properties.circuitBreaker(),
                properties.retry()), breakers, StoreResilience.retries(properties), meters)
                .guarded("plain", StoreCallsTest::refused);

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> plain.idempotent("read", this::outage))
                    .isInstanceOf(DependencyUnavailableException.class).hasMessage("down");
        }

        assertThat(attempts).hasValue(6);
        assertThat(breakers.find("plain")).isEmpty();
        assertThat(meters.get(StoreCalls.METRIC).tags("store", "plain", "outcome", "failure").timer().count())
                .isEqualTo(6);
    }

    private String outage() {
        attempts.incrementAndGet();
        return unavailable();
    }

    private static String unavailable() {
        throw new DependencyUnavailableException("down", new IOException("Connection refused"));
    }

    private static DependencyUnavailableException refused(CallNotPermittedException e) {
        return new DependencyUnavailableException("refused", e);
    }

    private CircuitBreaker breaker() {
        return breakers.circuitBreaker("store");
    }

    private Timer timer(String operation, String outcome) {
        return meters.get(StoreCalls.METRIC).tags("store", "store", "operation", operation, "outcome", outcome).timer();
    }
}
