package dev.sandstone.query.processors;

import dev.sandstone.api.compliance.ExportEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * The sequence an event belongs to: its aggregate (a document) for domain events, {@code export-<id>} for export
 * events, which are published without an aggregate. Events of one sequence are handled in order, by one segment, and
 * wait behind each other in a dead-letter queue. The payload is only deserialized for export events.
 */
final class EventSequencing implements SequencingPolicy<EventMessage<?>> {

    static final EventSequencing INSTANCE = new EventSequencing();

    private final SequencingPolicy<? super EventMessage<?>> perAggregate = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (ExportEvent.class.isAssignableFrom(event.getPayloadType())) {
            return "export-" + ((ExportEvent) event.getPayload()).exportId();
        }
        return perAggregate.getSequenceIdentifierFor(event);
    }

    /** The sequence as dead letters are filed under it: the policy's answer, else the event's own id. */
    static String identifierOf(EventMessage<?> event) {
        Object identifier = INSTANCE.getSequenceIdentifierFor(event);
        return identifier == null ? event.getIdentifier() : identifier.toString();
    }
}
