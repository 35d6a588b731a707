package dev.sandstone.query.search;

import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.sandstone.query.processors.ReplayProcedure;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the search index from the event store: the search processor is reset (its reset handler starts a
 * fresh target in the index), replays everything, and once it has caught up the fresh target becomes the one
 * searched. Events appended during the rebuild are handled by the same processor, so none is missed.
 */
@Component
class SearchRebuild implements DisposableBean, ReplayProcedure {

    private static final Logger log = LoggerFactory.getLogger(SearchRebuild.class);

    enum State { IDLE, RUNNING, COMPLETED, FAILED }

    record Status(State state, Instant startedAt, Instant completedAt, long position, long head, String error) {
    }

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final SearchIndex index;
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "search-rebuild-monitor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Status status = new Status(State.IDLE, null, null, 0, 0, null);

    SearchRebuild(EventProcessingConfiguration processing, EventStore eventStore, SearchIndex index) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.index = index;
    }

    @Override
    public String processingGroup() {
        return SearchProjection.GROUP;
    }

    /** A replay of the search processor is a rebuild into a fresh index. */
    @Override
    public boolean startReplay() {
        return start();
    }

    /** Starts a rebuild; false when one is already running. */
    synchronized boolean start() {
        if (status.state() == State.RUNNING) {
            return false;
        }
        StreamingEventProcessor processor = processor();
        long head = position(eventStore.createHeadToken());
        status = new Status(State.RUNNING, Instant.now(), null, 0, head, null);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        monitor.schedule(this::checkProgress, 200, TimeUnit.MILLISECONDS);
        log.info("Search index rebuild started; replaying events up to global index {}", head);
        return true;
    }

    Status status() {
        if (status.state() == State.RUNNING) {
            return new Status(State.RUNNING, status.startedAt(), null, currentPosition(), status.head(), null);
        }
        return status;
    }

    private void checkProgress() {
        try {
            Collection<EventTrackerStatus> segments = processor().processingStatus().values();
            long head = status.head();
            boolean done = !segments.isEmpty() && segments.stream()
                    .allMatch(segment -> segment.getError() == null && segment.isCaughtUp()
                            && (!segment.isReplaying() || segment.getCurrentPosition().orElse(0L) >= head));
            if (done) {
                index.completeRebuild();
                status = new Status(State.COMPLETED, status.startedAt(), Instant.now(), currentPosition(),
                        status.head(), null);
                log.info("Search index rebuild completed");
                return;
            }
            monitor.schedule(this::checkProgress, 200, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            log.error("Search index rebuild failed", e);
            status = new Status(State.FAILED, status.startedAt(), Instant.now(), currentPosition(), status.head(),
                    e.getMessage());
        }
    }

    private long currentPosition() {
        return processor().processingStatus().values().stream()
                .mapToLong(segment -> segment.getCurrentPosition().orElse(0L))
                .min().orElse(0L);
    }

    private StreamingEventProcessor processor() {
        return processing.eventProcessor(SearchProjection.GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No search processor"));
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0L);
    }

    @Override
    public void destroy() {
        monitor.shutdownNow();
    }
}
