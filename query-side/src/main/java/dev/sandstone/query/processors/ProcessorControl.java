package dev.sandstone.query.processors;

import dev.sandstone.api.error.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Status, lag and replay of the query side's processors. The segments listed are those this instance processes;
 * the lag is the processor's, over every segment wherever it is processed: segments held by other query-side
 * instances count at the position they last stored in {@code token_entry}.
 */
@Component
public class ProcessorControl {

    private static final Logger log = LoggerFactory.getLogger(ProcessorControl.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final Optional<EventStorageEngine> storage;
    private final List<ReplayProcedure> procedures;
    private final JdbcClient jdbc;
    private final Serializer serializer;
    private final Clock clock;

    ProcessorControl(EventProcessingConfiguration processing, EventStore eventStore,
                     ObjectProvider<EventStorageEngine> storage, List<ReplayProcedure> procedures, JdbcClient jdbc,
                     Serializer serializer) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.storage = Optional.ofNullable(storage.getIfAvailable());
        this.procedures = procedures;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.clock = Clock.systemUTC();
    }

    public List<ProcessorStatus> all() {
        return ProcessorsConfiguration.GROUPS.stream().filter(group -> find(group).isPresent()).map(this::status)
                .toList();
    }

    public ProcessorStatus status(String name) {
        StreamingEventProcessor processor = require(name);
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        List<ProcessorStatus.Segment> views = segments.values().stream()
                .sorted(Comparator.comparingInt(s -> s.getSegment().getSegmentId()))
                .map(ProcessorControl::segment).toList();
        boolean failing = segments.values().stream().anyMatch(EventTrackerStatus::isErrorState);
        String state = !processor.isRunning() ? "STOPPED" : failing || processor.isError() ? "ERROR" : "RUNNING";
        long head = position(eventStore.createHeadToken());
        List<TrackingToken> tokens = positions(name, segments);
        TrackingToken slowest = null;
        long position = -1;
        for (int i = 0; i < tokens.size(); i++) {
            long at = positionOrNone(tokens.get(i));
            if (i == 0 || at < position) {
                position = at;
                slowest = tokens.get(i);
            }
        }
        long lagEvents = Math.max(0, head - Math.max(position, 0));
        Double lagSeconds = lagEvents == 0 ? Double.valueOf(0)
                : tokens.isEmpty() ? null : oldestUnprocessedAge(slowest);
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(name);
        return new ProcessorStatus(name, state, views, lagEvents, lagSeconds,
                queue.map(SequencedDeadLetterQueue::size).orElse(0L),
                queue.map(SequencedDeadLetterQueue::amountOfSequences).orElse(0L));
    }

    /** Resets the processor and replays the event store into it; false when a replay is already running. */
    public boolean replay(String name) {
        StreamingEventProcessor processor = require(name);
        for (ReplayProcedure procedure : procedures) {
            if (procedure.processingGroup().equals(name)) {
                return procedure.startReplay();
            }
        }
        // A replay that caught up stays "replaying" until an event past its reset point arrives; only one that is
        // still behind is really running.
        if (processor.isReplaying() && status(name).lagEvents() > 0) {
            return false;
        }
        if (!processor.supportsReset()) {
            throw DomainException.conflict("Processor " + name + " cannot be replayed");
        }
        log.info("Replaying processor {} from the start of the event store", name);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return true;
    }

    StreamingEventProcessor require(String name) {
        return find(name).orElseThrow(() -> DomainException.notFound("No processor named '" + name
                + "'; processors: " + String.join(", ", ProcessorsConfiguration.GROUPS)));
    }

    private Optional<StreamingEventProcessor> find(String name) {
        return ProcessorsConfiguration.GROUPS.contains(name)
                ? processing.eventProcessor(name, StreamingEventProcessor.class)
                : Optional.empty();
    }

    /**
     * The token of every segment: this instance's own from memory, the others' as stored in {@code token_entry}
     * (a segment never processed has none). Only this instance's when the store has none yet.
     */
    private List<TrackingToken> positions(String name, Map<Integer, EventTrackerStatus> held) {
        List<StoredToken> stored = jdbc.sql(
                        "SELECT segment, token, token_type FROM token_entry WHERE processor_name = :name")
                .param("name", name)
                .query((row, n) -> new StoredToken(row.getInt(1), row.getBytes(2), row.getString(3)))
                .list();
        if (stored.isEmpty()) {
            return held.values().stream().map(EventTrackerStatus::getTrackingToken).toList();
        }
        List<TrackingToken> tokens = new ArrayList<>();
        for (StoredToken token : stored) {
            EventTrackerStatus own = held.get(token.segment());
            tokens.add(own != null ? own.getTrackingToken() : token.deserialize(serializer));
        }
        return tokens;
    }

    private record StoredToken(int segment, byte[] token, String type) {

        TrackingToken deserialize(Serializer serializer) {
            return token == null || type == null ? null
                    : serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        }
    }

    private static long positionOrNone(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    /** The age of the first event after the slowest segment's position, read from the event storage. */
    private Double oldestUnprocessedAge(TrackingToken token) {
        if (storage.isEmpty()) {
            return null;
        }
        // The storage reads from a plain token: a replay's (stored) token wraps the position it has reached.
        TrackingToken from = WrappedToken.unwrapLowerBound(token);
        try (Stream<? extends TrackedEventMessage<?>> events = storage.get().readEvents(from, false)) {
            return events.findFirst()
                    .map(event -> Duration.between(event.getTimestamp(), clock.instant()).toMillis() / 1000.0)
                    .map(seconds -> Math.max(0, seconds))
                    .orElse(0.0);
        }
    }

    private static ProcessorStatus.Segment segment(EventTrackerStatus status) {
        Throwable error = status.getError();
        return new ProcessorStatus.Segment(status.getSegment().getSegmentId(),
                boxed(status.getCurrentPosition()).orElse(null), status.isCaughtUp(), status.isReplaying(),
                error == null ? null : error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    private static Optional<Long> boxed(OptionalLong value) {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0L);
    }
}
