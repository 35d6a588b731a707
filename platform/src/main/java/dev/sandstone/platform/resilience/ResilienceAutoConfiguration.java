package dev.sandstone.platform.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Circuit breakers and retries of the store adapters ({@code sandstone.resilience.*}): the registries, the
 * {@link StoreResilience} that the adapters' decorators are built with, the breakers' and retries' metrics
 * ({@code resilience4j.circuitbreaker.*}, {@code resilience4j.retry.*}, tag {@code name} = store) and the
 * {@code circuitBreakers} health indicator.
 */
@AutoConfiguration
@EnableConfigurationProperties(ResilienceProperties.class)
public class ResilienceAutoConfiguration {

    @Bean
    CircuitBreakerRegistry storeCircuitBreakers(ResilienceProperties properties) {
        return StoreResilience.circuitBreakers(properties);
    }

    @Bean
    RetryRegistry storeRetries(ResilienceProperties properties) {
        return StoreResilience.retries(properties);
    }

    @Bean
    StoreResilience storeResilience(ResilienceProperties properties, CircuitBreakerRegistry storeCircuitBreakers,
                                    RetryRegistry storeRetries, MeterRegistry meters) {
        return new StoreResilience(properties, storeCircuitBreakers, storeRetries, meters);
    }

    /** Breakers created later (as decorators are built) are bound too: the binder follows the registry. */
    @Bean
    TaggedCircuitBreakerMetrics storeCircuitBreakerMetrics(CircuitBreakerRegistry storeCircuitBreakers) {
        return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(storeCircuitBreakers);
    }

    @Bean
    TaggedRetryMetrics storeRetryMetrics(RetryRegistry storeRetries) {
        return TaggedRetryMetrics.ofRetryRegistry(storeRetries);
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("circuitbreakers")
    CircuitBreakersHealthIndicator circuitBreakersHealthIndicator(CircuitBreakerRegistry storeCircuitBreakers) {
        return new CircuitBreakersHealthIndicator(storeCircuitBreakers);
    }
}
