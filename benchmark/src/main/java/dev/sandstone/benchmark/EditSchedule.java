package dev.sandstone.benchmark;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * When the next edit starts. With a target rate (open model) edit {@code k} is due at {@code start + k / rate}
 * whatever happened before; an editor that takes a due slot late still times it from the due moment, so a
 * stalled service shows up in the latencies instead of silently lowering the load (no coordinated omission).
 * Without a rate (closed model) each editor starts its next edit as soon as the previous one is done.
 */
final class EditSchedule {

    private final double intervalNanos;
    private final long start;
    private final long measureFrom;
    private final long end;
    private final long hardStop;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong startedInWindow = new AtomicLong();

    /**
     * @param measureFrom start of the measured window (the end of the warm-up)
     * @param end         no edit is due at or after this moment
     * @param hardStop    due edits not started by then are abandoned (and counted), so an overloaded run still ends
     */
    EditSchedule(double ratePerSecond, long start, long measureFrom, long end, long hardStop) {
        this.intervalNanos = ratePerSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / ratePerSecond : 0;
        this.start = start;
        this.measureFrom = measureFrom;
        this.end = end;
        this.hardStop = hardStop;
    }

    boolean isOpen() {
        return intervalNanos > 0;
    }

    /** The due moment of this editor's next edit (waiting for it if early), or -1 when the run is over. */
    long nextStart() {
        if (!isOpen()) {
            long now = System.nanoTime();
            return now < end ? now : -1;
        }
        long due = start + (long) (next.getAndIncrement() * intervalNanos);
        long now = System.nanoTime();
        if (due >= end || now >= hardStop) {
            return -1;
        }
        while (due - now > 0) {
            LockSupport.parkNanos(due - now);
            now = System.nanoTime();
        }
        if (due >= measureFrom) {
            startedInWindow.incrementAndGet();
        }
        return due;
    }

    /** Edits due in the measured window (open model only). */
    long dueInWindow() {
        return isOpen() ? slotsBefore(end) - slotsBefore(measureFrom) : 0;
    }

    /** Edits due in the measured window that never started because the service fell too far behind. */
    long abandoned() {
        return Math.max(0, dueInWindow() - startedInWindow.get());
    }

    private long slotsBefore(long moment) {
        return (long) Math.ceil((moment - start) / intervalNanos);
    }
}
