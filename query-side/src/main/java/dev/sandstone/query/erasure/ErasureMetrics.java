package dev.sandstone.query.erasure;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * How erasures fare, for alerts (deploy/prometheus): {@code sandstone.erasures.failing.steps} (steps of unfinished
 * erasures whose last attempt failed) and {@code sandstone.erasures.oldest.pending.seconds} (age of the oldest
 * unfinished erasure). Read from PostgreSQL at each scrape; NaN while it cannot be read.
 */
@Component
class ErasureMetrics implements MeterBinder {

    private final ErasureStore erasures;

    ErasureMetrics(ErasureStore erasures) {
        this.erasures = erasures;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "sandstone.erasures.failing.steps", "steps",
                "Steps of unfinished erasures whose last attempt failed", store -> store.failingSteps());
        gauge(registry, "sandstone.erasures.oldest.pending.seconds", "seconds",
                "Age of the oldest unfinished erasure (0 when none)", ErasureStore::oldestPendingSeconds);
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description,
                       ToDoubleFunction<ErasureStore> value) {
        Gauge.builder(name, erasures, store -> {
            try {
                return value.applyAsDouble(store);
            } catch (RuntimeException unavailable) {
                return Double.NaN;
            }
        }).baseUnit(unit).description(description).register(registry);
    }
}
