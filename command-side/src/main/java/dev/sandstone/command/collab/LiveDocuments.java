package dev.sandstone.command.collab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The documents this instance has live users for, each loaded once from the event store and then kept current by one
 * tail of the event store's global stream. The tail sees every commit, whichever instance made it, so subscribers
 * on every instance receive every operation; in one process it is woken by each append, across processes it polls
 * ({@code sandstone.event-store.fetch-delay}). A document leaves memory when its last user lets go of it.
 */
final class LiveDocuments implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveDocuments.class);
    static final String AGGREGATE_TYPE = "Document";

    private final EventStore eventStore;
    private final int capacity;
    private final ShareDbMessages messages;
    private final ConcurrentHashMap<String, LiveDocument> documents = new ConcurrentHashMap<>();
    private final Object registry = new Object();
    private volatile boolean running;
    private volatile boolean tailCaughtUp;
    private Thread tail;

    LiveDocuments(EventStore eventStore, int capacity, ShareDbMessages messages) {
        this.eventStore = eventStore;
        this.capacity = capacity;
        this.messages = messages;
    }

    /** The document, loaded; the caller must {@link #release} it. */
    LiveDocument hold(String id) {
        LiveDocument document;
        synchronized (registry) {
            document = documents.computeIfAbsent(id, key -> new LiveDocument(key, capacity, messages));
            document.holders++;
        }
        document.lock.lock();
        try {
            if (!document.loaded()) {
                document.load(read(id));
            }
        } catch (RuntimeException e) {
            document.lock.unlock();
            release(document);
            throw e;
        }
        document.lock.unlock();
        return document;
    }

    void release(LiveDocument document) {
        synchronized (registry) {
            if (--document.holders <= 0) {
                documents.remove(document.id, document);
            }
        }
    }

    int size() {
        return documents.size();
    }

    /** Every event of a document, from its first: the live state and its recent operations are folded from them. */
    List<LiveDocument.StoredEvent> read(String id) {
        List<LiveDocument.StoredEvent> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(id, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (AGGREGATE_TYPE.equals(message.getType())) {
                events.add(new LiveDocument.StoredEvent(message.getPayload(), message.getSequenceNumber(),
                        message.getMetaData()));
            }
        }
        return events;
    }

    // ---- the tail ---------------------------------------------------------------------------------------------------

    @Override
    public void start() {
        running = true;
        tail = new Thread(this::followEventStore, "collab-event-tail");
        tail.setDaemon(true);
        tail.start();
    }

    @Override
    public void stop() {
        running = false;
        if (tail != null) {
            tail.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the event store and before the web server, so the tail runs before the first connection. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2;
    }

    boolean tailRunning() {
        return running && tail != null && tail.isAlive() && tailCaughtUp;
    }

    private void followEventStore() {
        TrackingToken token = null;
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                if (token == null) {
                    token = eventStore.createHeadToken();
                }
                try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(token)) {
                    tailCaughtUp = true;
                    backoff = Duration.ofMillis(100);
                    while (running) {
                        if (!stream.hasNextAvailable(500, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        TrackedEventMessage<?> message = stream.nextAvailable();
                        token = message.trackingToken();
                        if (message instanceof DomainEventMessage<?> event && AGGREGATE_TYPE.equals(event.getType())) {
                            deliver(event);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                tailCaughtUp = false;
                if (!running) {
                    return;
                }
                log.warn("The live channel's tail of the event store failed; reopening in {} ms", backoff.toMillis(), e);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
    }

    private void deliver(DomainEventMessage<?> event) {
        LiveDocument document = documents.get(event.getAggregateIdentifier());
        if (document == null) {
            return;
        }
        document.lock.lock();
        try {
            boolean inStep;
            try {
                inStep = document.fromStream(new LiveDocument.StoredEvent(event.getPayload(),
                        event.getSequenceNumber(), event.getMetaData()));
            } catch (RuntimeException unreadable) {
                log.warn("Live document {} could not apply version {}; reloading it", document.id,
                        event.getSequenceNumber() + 1, unreadable);
                inStep = false;
            }
            if (!inStep) {
                long previous = document.version();
                document.load(read(document.id));
                document.reloaded(previous);
            }
        } finally {
            document.lock.unlock();
        }
    }
}
