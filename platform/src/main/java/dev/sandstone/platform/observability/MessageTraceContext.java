package dev.sandstone.platform.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;

/**
 * The trace context of Axon messages: carried in their metadata under the propagator's keys ({@code traceparent} and
 * {@code tracestate} with W3C propagation, Spring Boot's default), written from the current span and read back to
 * start a child span. Works with whatever Micrometer Tracing bridge is configured; with tracing off (no-op tracer and
 * propagator) it writes nothing and starts no-op spans.
 */
public final class MessageTraceContext {

    /** The W3C metadata key holding version, trace id, parent span id and flags. */
    public static final String TRACEPARENT = "traceparent";

    private static final Pattern TRACEPARENT_FORMAT =
            Pattern.compile("(?!ff)[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
    private static final String INVALID_TRACE_ID = "0".repeat(32);

    private final Tracer tracer;
    private final Propagator propagator;

    public MessageTraceContext(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's context as metadata entries; empty without a current span. */
    public Map<String, String> current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        Map<String, String> fields = new HashMap<>();
        propagator.inject(span.context(), fields, Map::put);
        return fields;
    }

    /** The trace context entries the message itself carries. */
    public Map<String, String> of(Message<?> message) {
        Map<String, String> fields = new HashMap<>();
        for (String field : propagator.fields()) {
            String value = field(message.getMetaData(), field);
            if (value != null) {
                fields.put(field, value);
            }
        }
        return fields;
    }

    /**
     * A span named {@code name} to start as child of the trace context in the message's metadata. A message without
     * one starts a new trace (the OpenTelemetry bridge makes it a child of the current span, if there is one).
     */
    public Span.Builder childOf(Message<?> message, String name) {
        return propagator.extract(message.getMetaData(), MessageTraceContext::field).name(name);
    }

    /** A span named {@code name} to start as the root of a new trace. */
    public Span.Builder newTrace(String name) {
        return tracer.spanBuilder().setNoParent().name(name);
    }

    /** Makes the span current on this thread (and its ids the MDC's {@code traceId} and {@code spanId}). */
    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }

    /** The trace id of a W3C {@code traceparent} value; empty for none, a malformed one or the invalid all-zero id. */
    public static Optional<String> traceId(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        Matcher matcher = TRACEPARENT_FORMAT.matcher(traceparent);
        if (!matcher.matches() || matcher.group(1).equals(INVALID_TRACE_ID)) {
            return Optional.empty();
        }
        return Optional.of(matcher.group(1));
    }

    private static String field(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
