package dev.sandstone.benchmark;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies (HdrHistogram, microseconds) and outcome counts per operation. Operations count when they were
 * scheduled (or started) inside the measured window, whenever they end, so a slow answer is never dropped.
 * Edit throughput instead counts edits that completed inside the window, which stays right when an overloaded
 * open-model run is still working through edits that were due long before.
 */
final class Metrics {

    private static final int MAX_ERROR_SAMPLES = 20;

    /** One operation's latencies and outcomes. */
    static final class Stats {
        private final Recorder latencies = new Recorder(3);
        final LongAdder ok = new LongAdder();
        final LongAdder conflicts = new LongAdder();
        final LongAdder errors = new LongAdder();
        private Histogram closed;

        synchronized Histogram histogram() {
            if (closed == null) {
                closed = latencies.getIntervalHistogram();
            }
            return closed;
        }
    }

    private final Map<Operation, Stats> stats = new EnumMap<>(Operation.class);
    private final Queue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sampled = new AtomicInteger();
    final LongAdder staleReads = new LongAdder();
    final LongAdder editsGivenUp = new LongAdder();
    private final LongAdder editsCompleted = new LongAdder();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    Metrics() {
        for (Operation operation : Operation.values()) {
            stats.put(operation, new Stats());
        }
    }

    /** From now on, count operations that start (or were scheduled) in [start, end) of {@link System#nanoTime()}. */
    void window(long start, long end) {
        windowStart = start;
        windowEnd = end;
    }

    boolean counts(Operation operation, long startNanos) {
        return operation.isSetup() || (startNanos >= windowStart && startNanos < windowEnd);
    }

    void ok(Operation operation, long startNanos, long endNanos) {
        if (counts(operation, startNanos)) {
            Stats s = stats.get(operation);
            s.ok.increment();
            s.latencies.recordValue(micros(startNanos, endNanos));
        }
    }

    /** A 412: the request was answered, so its latency counts, but it changed nothing. */
    void conflict(Operation operation, long startNanos, long endNanos) {
        if (counts(operation, startNanos)) {
            Stats s = stats.get(operation);
            s.conflicts.increment();
            s.latencies.recordValue(micros(startNanos, endNanos));
        }
    }

    void error(Operation operation, long startNanos, String description) {
        if (counts(operation, startNanos)) {
            stats.get(operation).errors.increment();
            if (sampled.incrementAndGet() <= MAX_ERROR_SAMPLES) {
                errorSamples.add(operation.key() + ": " + description);
            }
        }
    }

    /** An edit succeeded at {@code endNanos}: throughput counts completions inside the window. */
    void editCompleted(long endNanos) {
        if (endNanos >= windowStart && endNanos < windowEnd) {
            editsCompleted.increment();
        }
    }

    long editsCompleted() {
        return editsCompleted.sum();
    }

    Stats stats(Operation operation) {
        return stats.get(operation);
    }

    List<String> errorSamples() {
        return new ArrayList<>(errorSamples);
    }

    private static long micros(long startNanos, long endNanos) {
        return Math.max(1, (endNanos - startNanos) / 1_000);
    }
}
