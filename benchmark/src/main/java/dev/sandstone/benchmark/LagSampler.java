package dev.sandstone.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples every processor's lag through {@code GET /api/admin/processors} on its own thread at a fixed interval
 * while the load runs (a sample that takes longer than the interval delays the next; missed ticks are skipped,
 * not made up). The requests are timed as {@link Operation#PROCESSOR_STATUS}, so their cost is visible.
 */
final class LagSampler {

    private final Processors processors;
    private final Duration interval;
    private final Metrics metrics;
    private final Map<String, List<Long>> lagEvents = new LinkedHashMap<>();
    private final Map<String, List<Double>> lagSeconds = new LinkedHashMap<>();
    private volatile boolean running;
    private Thread thread;
    private int rounds;
    private int failedRounds;

    LagSampler(Processors processors, Duration interval, Metrics metrics) {
        this.processors = processors;
        this.interval = interval;
        this.metrics = metrics;
    }

    void start() {
        running = true;
        thread = new Thread(this::sampleUntilStopped, "lag-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the sample in flight and returns the percentiles per processor. */
    Results.LagSampling stop() throws InterruptedException {
        running = false;
        thread.join();
        List<Results.ProcessorLag> figures = new ArrayList<>();
        lagEvents.forEach((name, events) -> {
            List<Double> seconds = lagSeconds.get(name);
            Collections.sort(events);
            Collections.sort(seconds);
            figures.add(new Results.ProcessorLag(name, events.size(), percentile(events, 50), percentile(events, 99),
                    events.get(events.size() - 1), seconds.isEmpty() ? null : percentile(seconds, 50),
                    seconds.isEmpty() ? null : percentile(seconds, 99),
                    seconds.isEmpty() ? null : seconds.get(seconds.size() - 1)));
        });
        return new Results.LagSampling(interval.toMillis(), rounds, failedRounds, figures);
    }

    private void sampleUntilStopped() {
        long next = System.nanoTime();
        while (running) {
            long start = System.nanoTime();
            rounds++;
            try {
                List<Processors.Status> statuses = processors.all();
                metrics.ok(Operation.PROCESSOR_STATUS, start, System.nanoTime());
                for (Processors.Status status : statuses) {
                    lagEvents.computeIfAbsent(status.name(), name -> new ArrayList<>()).add(status.lagEvents());
                    List<Double> seconds = lagSeconds.computeIfAbsent(status.name(), name -> new ArrayList<>());
                    if (status.lagSeconds() != null) {
                        seconds.add(status.lagSeconds());
                    }
                }
            } catch (RuntimeException e) {
                failedRounds++;
                metrics.error(Operation.PROCESSOR_STATUS, start, e.getMessage());
            }
            next = Math.max(next + interval.toNanos(), System.nanoTime());
            for (long left = next - System.nanoTime(); running && left > 0; left = next - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
    }

    /** Nearest rank: the smallest sample with at least p % of the samples at or below it. */
    static <T extends Comparable<T>> T percentile(List<T> sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
