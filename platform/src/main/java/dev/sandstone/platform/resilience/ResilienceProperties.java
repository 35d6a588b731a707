package dev.sandstone.platform.resilience;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sandstone.resilience.*}: one circuit breaker per optional store ({@code elasticsearch}, {@code mongodb},
 * {@code blobstore}), all with these settings, and retries with exponential back-off for the calls that may be
 * repeated. Only transient failures (the store cannot be reached, timed out, answered 5xx or 429) count and are
 * retried; an answer such as "not found" or "bad request" proves the store is up.
 *
 * @param enabled       switch breakers and retries off entirely (calls are still timed)
 * @param circuitBreaker when a store's breaker opens, and for how long it fails fast
 * @param retry         how often and how patiently a repeatable call is retried
 */
@ConfigurationProperties("sandstone.resilience")
@Validated
public record ResilienceProperties(@DefaultValue("true") boolean enabled,
                                   @DefaultValue @Valid CircuitBreaker circuitBreaker,
                                   @DefaultValue @Valid Retry retry) {

    /**
     * @param failureRateThreshold      percentage of failed calls in the window that opens the breaker
     * @param slidingWindowSize         the last this many calls make the window
     * @param minimumNumberOfCalls      calls needed in the window before the rate counts (a single failure after a
     *                                  quiet night opens nothing)
     * @param waitInOpenState           how long an open breaker fails every call at once before it lets trial calls
     *                                  through
     * @param permittedCallsInHalfOpenState trial calls that decide whether the breaker closes or opens again
     */
    public record CircuitBreaker(@DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
                                 @DefaultValue("20") @Positive int slidingWindowSize,
                                 @DefaultValue("10") @Positive int minimumNumberOfCalls,
                                 @DefaultValue("10s") Duration waitInOpenState,
                                 @DefaultValue("3") @Positive int permittedCallsInHalfOpenState) {

        public CircuitBreaker {
            if (waitInOpenState.isNegative() || waitInOpenState.isZero()) {
                throw new IllegalArgumentException(
                        "sandstone.resilience.circuit-breaker.wait-in-open-state must be positive, was " + waitInOpenState);
            }
        }
    }

    /**
     * @param maxAttempts       attempts of one call, the first included ({@code 1}: no retries)
     * @param initialBackoff    wait before the second attempt
     * @param backoffMultiplier each further wait is this many times longer
     * @param maxBackoff        no wait is longer than this
     */
    public record Retry(@DefaultValue("3") @Min(1) int maxAttempts,
                        @DefaultValue("100ms") Duration initialBackoff,
                        @DefaultValue("2") @DecimalMin("1") double backoffMultiplier,
                        @DefaultValue("1s") Duration maxBackoff) {

        public Retry {
            if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("sandstone.resilience.retry needs 0 < initial-backoff <= "
                        + "max-backoff, was " + initialBackoff + " and " + maxBackoff);
            }
        }
    }
}
