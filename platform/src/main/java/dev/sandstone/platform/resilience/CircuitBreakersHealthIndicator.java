package dev.sandstone.platform.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code circuitBreakers} in {@code /actuator/health} (group {@code dependencies}, never readiness): DOWN while any
 * store's breaker is open, with each breaker's state, failure rate and refused calls in the details. The stores' own
 * indicators probe the stores themselves; this one tells whether calls are being refused without trying them.
 */
public class CircuitBreakersHealthIndicator implements HealthIndicator {

    private final CircuitBreakerRegistry breakers;

    public CircuitBreakersHealthIndicator(CircuitBreakerRegistry breakers) {
        this.breakers = breakers;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new TreeMap<>();
        boolean open = false;
        for (CircuitBreaker breaker : breakers.getAllCircuitBreakers()) {
            CircuitBreaker.State state = breaker.getState();
            open |= state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
            CircuitBreaker.Metrics metrics = breaker.getMetrics();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", state);
            detail.put("failureRate", metrics.getFailureRate());
            detail.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
            detail.put("failedCalls", metrics.getNumberOfFailedCalls());
            detail.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
            details.put(breaker.getName(), detail);
        }
        return (open ? Health.down() : Health.up()).withDetails(details).build();
    }
}
