package dev.sandstone.query.exports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts a running export's records against what it expects to write, reports the percentage at most every
 * {@link #INTERVAL} (it is a row update), and stops the job when its thread is interrupted (the processor shuts down:
 * the export runs again at the next start).
 */
final class JobProgress {

    static final Duration INTERVAL = Duration.ofMillis(500);

    interface Sink {
        void report(int percent, long records);
    }

    /** The job's thread was interrupted: the job stops and runs again later; it has not failed. */
    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("The export was interrupted (the service is stopping); it runs again at the next start", null,
                    false, false);
        }
    }

    private final Sink sink;
    private final Clock clock;
    private long expected;
    private long done;
    private Instant lastReport;

    JobProgress(Sink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
        this.lastReport = clock.instant();
    }

    /** More records to come (an estimate: the records actually written may differ). */
    void expect(long records) {
        expected += Math.max(0, records);
    }

    /** One record written. */
    void advance() {
        done++;
        checkInterrupted();
        Instant now = clock.instant();
        if (Duration.between(lastReport, now).compareTo(INTERVAL) >= 0) {
            lastReport = now;
            sink.report(percent(), done);
        }
    }

    long done() {
        return done;
    }

    /** Below 100 until the job completes, however the estimate turns out. */
    int percent() {
        return expected == 0 ? 0 : (int) Math.min(99, done * 100 / expected);
    }

    static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new Interrupted();
        }
    }
}
