package dev.sandstone.platform.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A span around one processor's handling of each event ({@code event DocumentContentEdited [search]}), child of the
 * trace context the event carries, so every projection of a change shows in the trace of the request that made it.
 * A replayed event starts a trace of its own instead (tag {@code axon.replay}): its request's trace is long closed.
 * Register one per event processor.
 */
public class EventHandlingSpans implements MessageHandlerInterceptor<EventMessage<?>> {

    private final MessageTraceContext traceContext;
    private final String processor;

    public EventHandlingSpans(MessageTraceContext traceContext, String processor) {
        this.traceContext = traceContext;
        this.processor = processor;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        String name = "event " + event.getPayloadType().getSimpleName() + " [" + processor + "]";
        boolean replay = ReplayToken.isReplay(event);
        Span span = (replay ? traceContext.newTrace(name) : traceContext.childOf(event, name))
                .kind(Span.Kind.CONSUMER).start();
        span.tag("axon.processor", processor).tag("axon.message.id", event.getIdentifier()).tag("axon.replay", replay);
        if (event instanceof DomainEventMessage<?> domainEvent) {
            span.tag("axon.aggregate.id", domainEvent.getAggregateIdentifier())
                    .tag("axon.aggregate.sequence", domainEvent.getSequenceNumber());
        }
        try (Tracer.SpanInScope scope = traceContext.inScope(span)) {
            return chain.proceed();
        } catch (Exception | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
