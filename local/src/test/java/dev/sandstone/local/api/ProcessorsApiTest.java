package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstone.api.document.event.DocumentCreated;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Processor control through HTTP: status and lag, replays, and the dead-letter queue with a handler that is made to
 * fail for chosen documents (a poison event) and then fixed.
 */
@Import(ProcessorsApiTest.PoisonedAudit.class)
@AutoConfigureObservability(tracing = false)
class ProcessorsApiTest extends ApiTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Autowired
    EventProcessingConfiguration processing;

    @TestConfiguration
    static class PoisonedAudit {
        @Bean
        PoisonHandler poisonHandler() {
            return new PoisonHandler();
        }
    }

    /**
     * Fails in the audit group for documents whose title is in {@link #poisoned}, until they are removed; ordered
     * before the audit projection, so a parked creation has written no audit record.
     */
    @ProcessingGroup("audit")
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class PoisonHandler {
        static final Set<String> poisoned = ConcurrentHashMap.newKeySet();

        @EventHandler
        void on(DocumentCreated event) {
            if (poisoned.contains(event.title())) {
                throw new IllegalStateException("Cannot audit '" + event.title() + "'");
            }
        }
    }

    @AfterEach
    void auditRuns() {
        processing.eventProcessor("audit", StreamingEventProcessor.class).orElseThrow().start();
    }

    @Test
    void a_poison_event_is_parked_the_rest_continue_and_a_retry_after_the_fix_handles_it() {
        ApiClient alice = as(user("alice"));
        ApiClient admin = as(user("root"), "admin");
        String title = poisonedTitle();
        String poisoned = createDocument(alice, title, "x");
        String healthy = createDocument(alice, "Healthy", "y");
        assertThat(alice.ifMatch(1).put("/api/documents/" + poisoned + "/content", json("content", "xx")).status())
                .isEqualTo(200);

        awaitOk(admin, "/api/audit?documentId=" + healthy, page -> page.get("total").asLong() == 1, WITHIN);
        JsonNode parked = awaitOk(admin, "/api/admin/dead-letters?processor=audit",
                list -> sequence(list, poisoned) != null && sequence(list, poisoned).get("letters").size() == 2,
                WITHIN);
        JsonNode letters = sequence(parked, poisoned).get("letters");
        assertThat(letters.get(0).get("type").asText()).isEqualTo("DocumentCreated");
        assertThat(letters.get(0).get("version").asLong()).isEqualTo(1);
        assertThat(letters.get(0).get("causeMessage").asText()).contains("Cannot audit");
        assertThat(letters.get(1).get("type").asText()).isEqualTo("DocumentContentEdited");
        assertThat(admin.get("/api/audit?documentId=" + poisoned).body().get("total").asLong()).isZero();
        JsonNode audit = admin.get("/api/admin/processors/audit").body();
        assertThat(audit.get("deadLetters").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(audit.get("state").asText()).isEqualTo("RUNNING");

        PoisonHandler.poisoned.remove(title);
        JsonNode retried = admin.post("/api/admin/dead-letters/audit/" + poisoned + "/retry", null).body();

        assertThat(retried.get("sequencesRetried").asInt()).isEqualTo(1);
        JsonNode records = awaitOk(admin, "/api/audit?documentId=" + poisoned,
                page -> page.get("total").asLong() == 2, WITHIN);
        assertThat(records.get("items")).extracting(r -> r.get("version").asLong()).containsExactly(1L, 2L);
        assertThat(admin.get("/api/audit/verify?documentId=" + poisoned).body().get("valid").asBoolean()).isTrue();
        assertThat(sequence(admin.get("/api/admin/dead-letters?processor=audit").body(), poisoned)).isNull();
    }

    @Test
    void an_evicted_sequence_is_gone_and_the_documents_next_event_is_handled_again() {
        ApiClient alice = as(user("alice"));
        ApiClient admin = as(user("root"), "admin");
        String title = poisonedTitle();
        String id = createDocument(alice, title, "x");
        awaitOk(admin, "/api/admin/dead-letters?processor=audit", list -> sequence(list, id) != null, WITHIN);

        JsonNode evicted = admin.delete("/api/admin/dead-letters/audit/" + id).body();

        assertThat(evicted.get("evicted").asInt()).isEqualTo(1);
        assertThat(sequence(admin.get("/api/admin/dead-letters?processor=audit").body(), id)).isNull();
        assertProblem(admin.delete("/api/admin/dead-letters/audit/" + id), 404, "No dead letters");
        PoisonHandler.poisoned.remove(title);
        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", "later")).status())
                .isEqualTo(200);
        // The audit chain lost its first link for good: the next event is handled, fails precisely, and parks.
        JsonNode parkedAgain = awaitOk(admin, "/api/admin/dead-letters?processor=audit",
                list -> sequence(list, id) != null, WITHIN);
        assertThat(sequence(parkedAgain, id).get("letters").get(0).get("causeMessage").asText())
                .contains("Audit record 1 of document " + id + " is missing");
        admin.delete("/api/admin/dead-letters/audit/" + id);
    }

    @Test
    void lag_is_reported_while_a_processor_is_stopped_and_returns_to_zero_when_it_catches_up() {
        ApiClient alice = as(user("alice"));
        ApiClient admin = as(user("root"), "admin");
        StreamingEventProcessor audit = processing.eventProcessor("audit", StreamingEventProcessor.class)
                .orElseThrow();
        audit.shutDown();
        createDocument(alice, "Lagging 1", "x");
        createDocument(alice, "Lagging 2", "y");

        JsonNode stopped = admin.get("/api/admin/processors/audit").body();
        assertThat(stopped.get("state").asText()).isEqualTo("STOPPED");
        assertThat(stopped.get("lagEvents").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(stopped.get("lagSeconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(metric(admin.get("/actuator/prometheus").raw().body(),
                "sandstone_processor_lag_events{processor=\"audit\"}")).isGreaterThanOrEqualTo(2);

        audit.start();
        awaitOk(admin, "/api/admin/processors/audit", status -> status.get("lagEvents").asLong() == 0, WITHIN);
        JsonNode all = admin.get("/api/admin/processors").body();
        assertThat(all).extracting(p -> p.get("name").asText()).containsExactly("documents", "search", "audit",
                "published-objects", "exports");
        assertThat(all.get(0).get("segments")).hasSize(2);
    }

    @Test
    void metrics_show_processor_lag_and_http_and_store_latency_histograms_to_admins_only() {
        ApiClient admin = as(user("root"), "admin");
        ApiClient alice = as(user("alice"));
        createDocument(alice, "Measured", "x");
        assertThat(alice.get("/api/search?q=measured").status()).isEqualTo(200);

        ApiClient.Response metrics = admin.get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().body())
                .contains("sandstone_processor_lag_events{processor=\"audit\"}")
                .contains("sandstone_processor_dead_letters_events{processor=\"documents\"}")
                .contains("http_server_requests_seconds_bucket")
                .contains("uri=\"/api/documents\"")
                .containsPattern("sandstone_store_calls_seconds_bucket\\{.*operation=\"search\".*"
                        + "outcome=\"success\".*store=\"postgres-search\"");
        assertThat(anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(as(user("alice")).get("/actuator/prometheus").status()).isEqualTo(403);
    }

    @Test
    void a_replay_rebuilds_the_read_model_and_only_admins_control_processors() {
        ApiClient alice = as(user("alice"));
        ApiClient admin = as(user("root"), "admin");
        String id = createDocument(alice, "Replayed", "content");

        ApiClient.Response replay = admin.post("/api/admin/processors/documents/replay", null);

        assertThat(replay.status()).isEqualTo(202);
        awaitOk(alice, "/api/documents/" + id, document -> document.get("title").asText().equals("Replayed"), WITHIN);
        awaitOk(admin, "/api/admin/processors/documents", status -> status.get("lagEvents").asLong() == 0
                && status.get("state").asText().equals("RUNNING"), WITHIN);
        // Caught up with nothing new to read, the replay is over: another one may start.
        assertThat(admin.post("/api/admin/processors/documents/replay", null).status()).isEqualTo(202);
        awaitOk(admin, "/api/admin/processors/documents", status -> status.get("lagEvents").asLong() == 0, WITHIN);
        assertProblem(admin.post("/api/admin/processors/nothing/replay", null), 404, "No processor named 'nothing'");
        assertProblem(alice.get("/api/admin/processors"), 403, "Only admins");
        assertProblem(alice.post("/api/admin/processors/documents/replay", null), 403, "Only admins");
        assertProblem(alice.get("/api/admin/dead-letters"), 403, "Only admins");
        assertProblem(admin.post("/api/admin/dead-letters/audit/no-such-document/retry", null), 404,
                "No dead letters");
        assertProblem(admin.get("/api/admin/dead-letters?processor=nothing"), 404, "No processor named");
    }

    /** A fresh title whose documents fail in the audit group until it is removed from the poisoned set. */
    private static String poisonedTitle() {
        String title = "Poison " + user("p");
        PoisonHandler.poisoned.add(title);
        return title;
    }

    private static JsonNode sequence(JsonNode list, String documentId) {
        for (JsonNode sequence : list) {
            if (sequence.get("sequenceId").asText().equals(documentId)) {
                return sequence;
            }
        }
        return null;
    }
}
