package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit log on the local default (records kept in PostgreSQL): filters, access, and the hash chain. */
class AuditApiTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void every_change_has_a_chained_record_with_its_actor_oldest_first() {
        String aliceId = user("alice");
        ApiClient alice = as(aliceId);
        String id = createDocument(alice, "Audited", "one");
        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", "two")).status())
                .isEqualTo(200);
        assertThat(alice.post("/api/documents/" + id + "/publish", null).status()).isEqualTo(201);
        ApiClient auditor = as(user("audrey"), "auditor");

        JsonNode page = awaitOk(auditor, "/api/audit?documentId=" + id,
                p -> p.get("total").asLong() == 3 && p.get("items").size() == 3, Duration.ofSeconds(10));

        JsonNode items = page.get("items");
        assertThat(items).extracting(r -> r.get("type").asText())
                .containsExactly("created", "content_edited", "published");
        assertThat(items).extracting(r -> r.get("actor").asText()).containsOnly(aliceId);
        assertThat(items.get(0).get("previousHash").asText()).isEmpty();
        assertThat(items.get(1).get("previousHash").asText()).isEqualTo(items.get(0).get("hash").asText());
        assertThat(items.get(2).get("previousHash").asText()).isEqualTo(items.get(1).get("hash").asText());
        assertThat(items.get(0).get("hash").asText()).hasSize(64);
        assertThat(items.get(0).get("traceId").asText()).isNotBlank();
        assertThat(items.get(0).get("eventId").asText()).isNotBlank();
        assertThat(auditor.get("/api/audit?actor=" + aliceId + "&type=published").body().get("total").asLong())
                .isEqualTo(1);

        JsonNode verification = auditor.get("/api/audit/verify?documentId=" + id).body();
        assertThat(verification.get("valid").asBoolean()).isTrue();
        assertThat(verification.get("records").asLong()).isEqualTo(3);
        assertThat(verification.get("firstVersion").asLong()).isEqualTo(1);
        assertThat(verification.get("firstBrokenEventId").isNull()).isTrue();
    }

    @Test
    void tampering_with_a_stored_record_is_detected() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Tamper", "x");
        assertThat(alice.ifMatch(1).patch("/api/documents/" + id, json("title", "Tampered")).status()).isEqualTo(200);
        ApiClient admin = as(user("root"), "admin");
        // items and total come from two queries: a record archived between them shows in total only
        JsonNode items = awaitOk(admin, "/api/audit?documentId=" + id,
                p -> p.get("total").asLong() == 2 && p.get("items").size() == 2, Duration.ofSeconds(10))
                .get("items");
        String secondEvent = items.get(1).get("eventId").asText();

        jdbc.sql("UPDATE audit_records SET actor = 'mallory' WHERE event_id = :id").param("id", secondEvent).update();

        JsonNode verification = admin.get("/api/audit/verify?documentId=" + id).body();
        assertThat(verification.get("valid").asBoolean()).isFalse();
        assertThat(verification.get("firstBrokenEventId").asText()).isEqualTo(secondEvent);
    }

    @Test
    void only_auditors_and_admins_read_the_audit_log() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Mine", "x");
        assertProblem(alice.get("/api/audit?documentId=" + id), 403, "auditors and admins");
        assertProblem(alice.get("/api/audit/verify?documentId=" + id), 403, "auditors and admins");
        assertProblem(anonymous().get("/api/audit"), 401, "bearer token");
        ApiClient auditor = as(user("audrey"), "auditor");
        assertProblem(auditor.get("/api/audit/verify"), 400, "documentId");
        assertProblem(auditor.get("/api/audit?from=yesterday"), 400, "ISO-8601");
        assertProblem(auditor.get("/api/audit?size=101"), 400, "size");
        assertProblem(auditor.get("/api/audit/verify?documentId=no-such-document"), 404, "No audit records");
    }
}
