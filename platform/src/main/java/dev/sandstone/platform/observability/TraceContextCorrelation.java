package dev.sandstone.platform.observability;

import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Gives every message created while another is handled (the events a command causes, a command sent by a handler)
 * the trace context of the span that handles it, so their handling joins the trace as its child. Without a current
 * span, the handled message's own trace context is passed on.
 */
class TraceContextCorrelation implements CorrelationDataProvider {

    private final MessageTraceContext traceContext;

    TraceContextCorrelation(MessageTraceContext traceContext) {
        this.traceContext = traceContext;
    }

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, String> current = traceContext.current();
        return current.isEmpty() ? traceContext.of(message) : current;
    }
}
