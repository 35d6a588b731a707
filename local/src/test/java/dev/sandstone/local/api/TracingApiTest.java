package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstone.api.document.event.DocumentContentEdited;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Tracing on, without an exporter to a collector: spans are collected in memory (Spring Boot hands every
 * {@link SpanExporter} bean to the OpenTelemetry SDK's batch span processor, as it does the OTLP exporter). One
 * request is one trace through its command and every processor's handling of the event; and the command timer.
 */
@AutoConfigureObservability
@Import(TracingApiTest.Collecting.class)
@TestPropertySource(properties = {
        "management.tracing.enabled=true",
        "management.tracing.sampling.probability=1.0",
        "management.tracing.opentelemetry.export.schedule-delay=50ms"})
class TracingApiTest extends ApiTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Autowired
    CollectedSpans spans;

    @Autowired
    SearchLogContext searchLogContext;

    @TestConfiguration
    static class Collecting {
        @Bean
        CollectedSpans collectedSpans() {
            return new CollectedSpans();
        }

        @Bean
        SearchLogContext searchLogContext() {
            return new SearchLogContext();
        }
    }

    /** Every span the SDK exports, kept in memory. */
    static class CollectedSpans implements SpanExporter {
        final Queue<SpanData> exported = new ConcurrentLinkedQueue<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            exported.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** What a processor's log lines would carry: the MDC's trace id while the search group handles an edit. */
    @ProcessingGroup("search")
    static class SearchLogContext {
        final Map<String, String> traceIds = new ConcurrentHashMap<>();

        @EventHandler
        void on(DocumentContentEdited event) {
            traceIds.put(event.documentId(), String.valueOf(MDC.get("traceId")));
        }
    }

    @Test
    void a_content_edit_is_one_trace_from_the_request_through_the_command_to_each_projection() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Traced", "one");

        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", "two")).status())
                .isEqualTo(200);

        SpanData request = awaitSpan(span -> span.getKind() == SpanKind.SERVER
                && span.getName().equals("http put /api/documents/{id}/content")
                && ("/api/documents/" + id + "/content").equals(attribute(span, "http.url")));
        String traceId = request.getTraceId();
        SpanData command = awaitSpan(span -> span.getTraceId().equals(traceId)
                && span.getName().equals("command EditDocumentContent"));
        assertThat(ancestors(command)).contains(request.getSpanId());
        assertThat(attribute(command, "outcome")).isEqualTo("success");
        for (String processor : List.of("documents", "search", "audit")) {
            SpanData handling = awaitSpan(
                    span -> handling(span, "DocumentContentEdited [" + processor + "]", id, false));
            assertThat(handling.getTraceId()).as(processor).isEqualTo(traceId);
            assertThat(handling.getParentSpanId()).as(processor).isEqualTo(command.getSpanId());
            assertThat(handling.getKind()).isEqualTo(SpanKind.CONSUMER);
        }
        JsonNode audit = awaitOk(as(user("root"), "admin"), "/api/audit?documentId=" + id,
                page -> page.get("total").asLong() == 2, WITHIN);
        assertThat(audit.at("/items/1/traceId").asText()).isEqualTo(traceId);
        assertThat(searchLogContext.traceIds.get(id)).isEqualTo(traceId);
    }

    @Test
    void the_command_timer_tells_success_from_rejection_per_command_type_with_histograms() {
        ApiClient alice = as(user("alice"));
        ApiClient admin = as(user("root"), "admin");
        String id = createDocument(alice, "Timed", "one");
        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", "two")).status())
                .isEqualTo(200);
        double rejectedBefore = count(admin, "EditDocumentContent", "rejected");

        assertProblem(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", "stale")), 412,
                "version");

        assertThat(count(admin, "EditDocumentContent", "rejected")).isEqualTo(rejectedBefore + 1);
        assertThat(count(admin, "EditDocumentContent", "success")).isGreaterThanOrEqualTo(1);
        assertThat(count(admin, "CreateDocument", "success")).isGreaterThanOrEqualTo(1);
        assertThat(admin.get("/actuator/prometheus").raw().body()).contains(
                "sandstone_commands_seconds_bucket{command=\"EditDocumentContent\",outcome=\"rejected\",le=");
    }

    @Test
    void a_replayed_event_is_handled_in_a_trace_of_its_own() {
        String id = createDocument(as(user("alice")), "Replayed", "one");
        SpanData original = awaitSpan(span -> handling(span, "DocumentCreated [documents]", id, false));

        assertThat(as(user("root"), "admin").post("/api/admin/processors/documents/replay", null).status())
                .isEqualTo(202);

        SpanData replayed = awaitSpan(span -> handling(span, "DocumentCreated [documents]", id, true));
        assertThat(replayed.getTraceId()).isNotEqualTo(original.getTraceId());
        assertThat(SpanId.isValid(replayed.getParentSpanId())).isFalse();
    }

    private static boolean handling(SpanData span, String eventAndProcessor, String documentId, boolean replay) {
        return span.getName().equals("event " + eventAndProcessor)
                && documentId.equals(attribute(span, "axon.aggregate.id"))
                && Boolean.valueOf(replay).equals(span.getAttributes().get(AttributeKey.booleanKey("axon.replay")));
    }

    private static double count(ApiClient admin, String command, String outcome) {
        String metrics = admin.get("/actuator/prometheus").raw().body();
        String series = "sandstone_commands_seconds_count{command=\"" + command + "\",outcome=\"" + outcome + "\"}";
        return metrics.contains(series + " ") ? metric(metrics, series) : 0;
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            for (SpanData span : spans.exported) {
                if (wanted.test(span)) {
                    return span;
                }
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("No such span within " + WITHIN + " among " + spans.exported.stream()
                .map(SpanData::getName).toList());
    }

    /** The ids of the span's parent, its parent's parent and so on, as far as they were exported. */
    private List<String> ancestors(SpanData span) {
        Map<String, String> parents = new HashMap<>();
        spans.exported.forEach(each -> parents.put(each.getSpanId(), each.getParentSpanId()));
        List<String> ancestors = new ArrayList<>();
        String parent = span.getParentSpanId();
        while (SpanId.isValid(parent) && !ancestors.contains(parent)) {
            ancestors.add(parent);
            parent = parents.getOrDefault(parent, SpanId.getInvalid());
        }
        return ancestors;
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
