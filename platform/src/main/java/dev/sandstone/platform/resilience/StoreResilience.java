package dev.sandstone.platform.resilience;

import dev.sandstone.platform.web.DependencyUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * Makes the {@link StoreCalls} of each store adapter: {@link #guarded} for an optional store (a circuit breaker named
 * after the store, and retries), {@link #timed} for a required one (PostgreSQL: when it is down nothing works, and
 * its pool bounds the wait). Breakers and retries live in the registries given here, whose state and calls
 * {@link ResilienceAutoConfiguration} exports to Micrometer.
 */
public class StoreResilience {

    private static final Logger log = LoggerFactory.getLogger(StoreResilience.class);

    private final ResilienceProperties properties;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final MeterRegistry meters;

    public StoreResilience(ResilienceProperties properties, CircuitBreakerRegistry breakers, RetryRegistry retries,
                           MeterRegistry meters) {
        this.properties = properties;
        this.breakers = breakers;
        this.retries = retries;
        this.meters = meters;
        breakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(this::logTransition));
    }

    /** The registry of store breakers configured by {@code properties}. */
    public static CircuitBreakerRegistry circuitBreakers(ResilienceProperties properties) {
        ResilienceProperties.CircuitBreaker settings = properties.circuitBreaker();
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .recordException(StoreCalls::isTransient)
                .writableStackTraceEnabled(false)
                .build());
    }

    /** The registry of store retries configured by {@code properties}: exponential back-off with jitter. */
    public static RetryRegistry retries(ResilienceProperties properties) {
        ResilienceProperties.Retry settings = properties.retry();
        return RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                        settings.backoffMultiplier(), 0.25, settings.maxBackoff()))
                .retryOnException(StoreCalls::isWorthRetrying)
                .build());
    }

    /**
     * An optional store: its calls go through the breaker {@code store} and repeatable ones are retried.
     *
     * @param whenOpen the exception of a call the open breaker refused (what clients and the log see)
     */
    public StoreCalls guarded(String store,
                              Function<? super CallNotPermittedException, ? extends DependencyUnavailableException> whenOpen) {
        return properties.enabled() ? new StoreCalls(store, breaker(store), retries.retry(store), whenOpen, meters)
                : timed(store);
    }

    /**
     * An optional store whose client retries transient failures itself (the AWS SDK does, with back-off, within its
     * call time-out): the breaker only, so that attempts do not multiply.
     */
    public StoreCalls guardedWithClientRetries(String store,
            Function<? super CallNotPermittedException, ? extends DependencyUnavailableException> whenOpen) {
        return properties.enabled() ? new StoreCalls(store, breaker(store), null, whenOpen, meters) : timed(store);
    }

    /** A store without breaker or retries: its calls are only timed. */
    public StoreCalls timed(String store) {
        return new StoreCalls(store, null, null, null, meters);
    }

    private CircuitBreaker breaker(String store) {
        return breakers.circuitBreaker(store);
    }

    /** One line per state change: the WARN when a breaker opens is what an operator searches the log for. */
    private void logTransition(CircuitBreakerOnStateTransitionEvent event) {
        String store = event.getCircuitBreakerName();
        ResilienceProperties.CircuitBreaker settings = properties.circuitBreaker();
        switch (event.getStateTransition().getToState()) {
            case OPEN -> log.warn("Circuit breaker {} OPEN (was {}): {}% or more of its recent calls failed; calls to {}"
                            + " fail at once for {}, then trial calls ({}) decide", store,
                    event.getStateTransition().getFromState(), settings.failureRateThreshold(), store,
                    DurationStyle.SIMPLE.print(settings.waitInOpenState()), settings.permittedCallsInHalfOpenState());
            case HALF_OPEN -> log.info("Circuit breaker {} HALF_OPEN: trial calls ({}) to {} decide", store,
                    settings.permittedCallsInHalfOpenState(), store);
            case CLOSED -> log.info("Circuit breaker {} CLOSED: {} answers again", store, store);
            default -> log.warn("Circuit breaker {}: {}", store, event.getStateTransition());
        }
    }
}
