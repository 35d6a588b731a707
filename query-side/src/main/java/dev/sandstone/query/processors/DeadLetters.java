package dev.sandstone.query.processors;

import dev.sandstone.api.error.DomainException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;

/** Lists, retries and evicts parked events, per processor and per document (the sequence). */
@Component
public class DeadLetters {

    /** Sequences retried by one "retry all" call, so a call stays bounded. */
    static final int RETRY_ALL_LIMIT = 1000;

    public record Letter(String eventId, String type, String documentId, Long version, Instant at,
                         Instant enqueuedAt, Instant lastTouched, String causeType, String causeMessage) {
    }

    public record Sequence(String processor, String sequenceId, List<Letter> letters) {
    }

    public record RetryResult(String processor, int sequencesRetried, long remaining) {
    }

    private final EventProcessingConfiguration processing;
    private final ProcessorControl processors;

    DeadLetters(EventProcessingConfiguration processing, ProcessorControl processors) {
        this.processing = processing;
        this.processors = processors;
    }

    /** The parked sequences of one processor (or all), oldest first, at most {@code limit} of them. */
    public List<Sequence> list(String processor, int limit) {
        List<String> names = processor == null ? ProcessorsConfiguration.DEAD_LETTERED : List.of(processor);
        List<Sequence> sequences = new ArrayList<>();
        for (String name : names) {
            processors.require(name);
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue(name).deadLetters()) {
                if (sequences.size() == limit) {
                    return sequences;
                }
                List<Letter> letters = new ArrayList<>();
                String sequenceId = null;
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    sequenceId = sequenceId == null ? sequenceOf(letter) : sequenceId;
                    letters.add(letter(letter));
                }
                if (!letters.isEmpty()) {
                    sequences.add(new Sequence(name, sequenceId, letters));
                }
            }
        }
        return sequences;
    }

    /** Handles a document's parked events again, in order; they stay parked if they fail again. */
    public RetryResult retry(String processor, String sequenceId) {
        SequencedDeadLetterProcessor<EventMessage<?>> retrier = retrier(processor);
        int retried = 0;
        if (sequenceId != null) {
            requireParked(processor, sequenceId);
            retried = retrier.process(letter -> sequenceId.equals(sequenceOf(letter))) ? 1 : 0;
        } else {
            while (retried < RETRY_ALL_LIMIT && retrier.processAny()) {
                retried++;
            }
        }
        return new RetryResult(processor, retried, queue(processor).size());
    }

    /** Drops a document's parked events for good (after the read model was repaired by other means). */
    public int evict(String processor, String sequenceId) {
        requireParked(processor, sequenceId);
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor);
        int evicted = 0;
        for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequenceId)) {
            queue.evict(letter);
            evicted++;
        }
        return evicted;
    }

    private void requireParked(String processor, String sequenceId) {
        if (!queue(processor).contains(sequenceId)) {
            throw DomainException.notFound("No dead letters for '" + sequenceId + "' in processor " + processor);
        }
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String processor) {
        processors.require(processor);
        return processing.deadLetterQueue(processor).orElseThrow(() ->
                DomainException.notFound("Processor " + processor + " parks no events (it has no dead-letter queue)"));
    }

    private SequencedDeadLetterProcessor<EventMessage<?>> retrier(String processor) {
        processors.require(processor);
        return processing.sequencedDeadLetterProcessor(processor).orElseThrow(() ->
                DomainException.notFound("Processor " + processor + " parks no events (it has no dead-letter queue)"));
    }

    private static Letter letter(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        DomainEventMessage<?> domain = message instanceof DomainEventMessage<?> d ? d : null;
        Cause cause = letter.cause().orElse(null);
        return new Letter(message.getIdentifier(), message.getPayloadType().getSimpleName(),
                domain == null ? null : domain.getAggregateIdentifier(),
                domain == null ? null : domain.getSequenceNumber() + 1, message.getTimestamp(), letter.enqueuedAt(),
                letter.lastTouched(), cause == null ? null : cause.type(), cause == null ? null : cause.message());
    }

    private static String sequenceOf(DeadLetter<? extends EventMessage<?>> letter) {
        return EventSequencing.identifierOf(letter.message());
    }
}
