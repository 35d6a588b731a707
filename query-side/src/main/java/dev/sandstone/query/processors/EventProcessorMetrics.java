package dev.sandstone.query.processors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Per processor: {@code sandstone.processor.lag.events}, {@code sandstone.processor.lag.seconds} and
 * {@code sandstone.processor.dead.letters}, read from a status at most {@link #MAX_AGE} old, so a scrape costs at
 * most one head-token and one event read per processor.
 */
@Component
class EventProcessorMetrics implements MeterBinder {

    static final Duration MAX_AGE = Duration.ofSeconds(2);

    private record Cached(ProcessorStatus status, long readAtNanos) {
    }

    private final ProcessorControl processors;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    EventProcessorMetrics(ProcessorControl processors) {
        this.processors = processors;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String group : ProcessorsConfiguration.GROUPS) {
            gauge(registry, "sandstone.processor.lag.events", group, "events", "Events behind the event store's head",
                    status -> status.lagEvents());
            gauge(registry, "sandstone.processor.lag.seconds", group, "seconds",
                    "Age of the oldest event not yet processed",
                    status -> status.lagSeconds() == null ? Double.NaN : status.lagSeconds());
            gauge(registry, "sandstone.processor.dead.letters", group, "events", "Events parked in the dead-letter queue",
                    status -> status.deadLetters());
        }
    }

    private void gauge(MeterRegistry registry, String name, String group, String unit, String description,
                       ToDoubleFunction<ProcessorStatus> value) {
        Gauge.builder(name, this, metrics -> {
                    ProcessorStatus status = metrics.status(group);
                    return status == null ? Double.NaN : value.applyAsDouble(status);
                })
                .tag("processor", group).baseUnit(unit).description(description).register(registry);
    }

    private ProcessorStatus status(String group) {
        Cached cached = cache.get(group);
        if (cached == null || System.nanoTime() - cached.readAtNanos() > MAX_AGE.toNanos()) {
            try {
                cached = new Cached(processors.status(group), System.nanoTime());
            } catch (RuntimeException notAvailable) {
                return null;
            }
            cache.put(group, cached);
        }
        return cached.status();
    }
}
