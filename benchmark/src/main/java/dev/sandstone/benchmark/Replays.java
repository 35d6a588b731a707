package dev.sandstone.benchmark;

import static dev.sandstone.benchmark.LoadGenerator.log;
import static dev.sandstone.benchmark.LoadGenerator.round;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays processors one after the other through {@code POST /api/admin/processors/{name}/replay}, each timed from
 * the request until a status shows lag 0 with every segment caught up (polled every 100 ms, so a replay is timed
 * up to 100 ms too long). The events replayed are those up to the head of the event store when it was asked:
 * counted in {@code domain_event_entry} given a JDBC URL, else the head's global index (an upper bound, as the
 * index may have gaps).
 */
final class Replays {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Processors processors;
    private final EventStore store;
    private final Duration limit;

    /** @param store the service's tables, or null without a JDBC URL */
    Replays(Processors processors, EventStore store, Duration limit) {
        this.processors = processors;
        this.store = store;
        this.limit = limit;
    }

    List<Results.Replay> run(List<String> names) throws SQLException {
        List<Results.Replay> replays = new ArrayList<>();
        for (String name : names) {
            replays.add(replay(name));
        }
        return replays;
    }

    private Results.Replay replay(String name) throws SQLException {
        long head = processors.all().stream().mapToLong(Processors.Status::head).max().orElse(0);
        long events = store == null ? head : store.countUpTo(head);
        String source = store == null ? "head of the event store (global index)" : "counted in domain_event_entry";
        log("Replaying %s: %d events", name, events);
        long start = System.nanoTime();
        processors.replay(name);
        long deadline = start + limit.toNanos();
        boolean finished = false;
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
            if (processors.one(name).caughtUp()) {
                finished = true;
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        log("Replay of %s %s after %.1f s (%.0f events/s)", name, finished ? "caught up" : "NOT caught up",
                seconds, events / seconds);
        return new Results.Replay(name, events, source, round(seconds), round(events / seconds), finished);
    }
}
