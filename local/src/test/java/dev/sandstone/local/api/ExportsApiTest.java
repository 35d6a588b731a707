package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static dev.sandstone.local.api.ApiSteps.doc;
import static dev.sandstone.local.api.ApiSteps.edit;
import static dev.sandstone.local.api.ApiSteps.grant;
import static dev.sandstone.local.api.ApiSteps.publish;
import static dev.sandstone.local.api.ExportArchives.allItems;
import static dev.sandstone.local.api.ExportArchives.assertManifestHolds;
import static dev.sandstone.local.api.ExportArchives.completed;
import static dev.sandstone.local.api.ExportArchives.entries;
import static dev.sandstone.local.api.ExportArchives.ndjson;
import static dev.sandstone.local.api.ExportArchives.request;
import static dev.sandstone.local.api.ExportArchives.sha256;
import static dev.sandstone.local.api.ExportArchives.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.query.blobs.BlobSweep;
import dev.sandstone.query.blobs.BlobSweepProperties;
import dev.sandstone.query.processors.ProcessorControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Compliance exports on the local default (PostgreSQL, file-system blob store, signed local download links): what the
 * archives hold compared with what the API shows, who may ask, what a request must hold, the links, and the audit
 * trail of the exports themselves.
 */
class ExportsApiTest extends ApiTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    BlobStore blobs;
    @Autowired
    ProcessorControl processors;

    @Test
    void a_document_audit_export_holds_the_events_and_audit_records_the_api_shows() {
        String aliceId = user("alice");
        ApiClient alice = as(aliceId);
        String id = createDocument(alice, "Quarterly report", "draft one", "finance");
        edit(alice, id, "draft two");
        grant(alice, id, user("bob"), "viewer");
        publish(alice, id);
        String auditorId = user("audrey");
        ApiClient auditor = as(auditorId, "auditor");
        List<JsonNode> audit = awaitAudit(auditor, "/api/audit?documentId=" + id, 4);

        String exportId = request(auditor, json("type", "document-audit", "documentId", id));
        JsonNode status = completed(auditor, exportId, WITHIN);
        ExportArchives.Download download = ExportArchives.get(status.get("downloadUrl").asText());

        assertThat(status.get("progress").asInt()).isEqualTo(100);
        assertThat(status.get("type").asText()).isEqualTo("document-audit");
        assertThat(status.get("documentId").asText()).isEqualTo(id);
        assertThat(status.get("requestedBy").asText()).isEqualTo(auditorId);
        assertThat(status.get("downloadUrl").asText()).startsWith(baseUrl() + "/api/exports/" + exportId + "/archive?");
        assertThat(Instant.parse(status.get("downloadExpiresAt").asText()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(16)));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.raw().headers().firstValue("Content-Type")).contains("application/zip");
        assertThat(download.raw().headers().firstValue("Content-Disposition")).hasValueSatisfying(value ->
                assertThat(value).contains("attachment", "sandstone-export-" + exportId + ".zip"));
        assertThat(sha256(download.body())).isEqualTo(status.get("sha256").asText());
        assertThat((long) download.body().length).isEqualTo(status.get("size").asLong());

        Map<String, byte[]> entries = entries(download.body());
        assertThat(entries.keySet()).containsExactly("events.ndjson", "audit.ndjson", "audit-verification.json",
                "summary.md", "manifest.sha256");
        assertManifestHolds(entries);
        List<JsonNode> events = ndjson(entries.get("events.ndjson"));
        List<JsonNode> history = new ArrayList<>(allItems(alice, doc(id) + "/history"));
        Collections.reverse(history);
        assertThat(events).hasSize(4);
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            JsonNode line = history.get(i);
            for (String field : List.of("version", "type", "actor", "summary")) {
                assertThat(event.get(field)).as("event %d %s", i, field).isEqualTo(line.get(field));
            }
            assertThat(Instant.parse(event.get("at").asText())).isEqualTo(Instant.parse(line.get("at").asText()));
            assertThat(event.get("eventId")).as("the audit record of the same event").isEqualTo(audit.get(i).get("eventId"));
        }
        assertThat(events.get(0).get("eventType").asText()).isEqualTo("DocumentCreated");
        assertThat(events.get(0).at("/payload/title").asText()).isEqualTo("Quarterly report");
        assertThat(events.get(1).at("/payload/delta/ops").isArray()).isTrue();
        assertThat(ndjson(entries.get("audit.ndjson"))).isEqualTo(audit);
        JsonNode verification = ndjson(entries.get("audit-verification.json")).get(0);
        assertThat(verification.get("valid").asBoolean()).isTrue();
        assertThat(verification.get("records").asLong()).isEqualTo(4);
        assertThat(text(entries.get("summary.md"))).contains("document-audit", exportId, id, auditorId,
                "4 events", "4 audit records", "valid");
    }

    @Test
    void a_document_audit_export_of_a_time_range_holds_only_what_happened_in_it() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Ranged", "one");
        edit(alice, id, "two");
        edit(alice, id, "three");
        edit(alice, id, "four");
        ApiClient auditor = as(user("audrey"), "auditor");
        List<JsonNode> audit = awaitAudit(auditor, "/api/audit?documentId=" + id, 4);
        String from = audit.get(1).get("at").asText();
        String to = audit.get(3).get("at").asText();

        String exportId = request(auditor, json("type", "document-audit", "documentId", id, "from", from, "to", to));
        Map<String, byte[]> entries = entries(ExportArchives.get(completed(auditor, exportId, WITHIN)
                .get("downloadUrl").asText()).body());

        assertThat(ndjson(entries.get("events.ndjson"))).extracting(e -> e.get("version").asLong())
                .containsExactly(2L, 3L);
        assertThat(ndjson(entries.get("audit.ndjson")))
                .isEqualTo(allItems(auditor, "/api/audit?documentId=" + id + "&from=" + from + "&to=" + to));
        assertThat(text(entries.get("summary.md"))).contains(from, to);
    }

    @Test
    void a_subject_access_export_lists_exactly_the_documents_roles_and_audit_records_the_api_shows_for_the_user() {
        String bobId = user("bob");
        ApiClient bob = as(bobId);
        ApiClient alice = as(user("alice"));
        ApiClient carol = as(user("carol"));
        String own = createDocument(bob, "Bob's own", "mine");
        String shared = createDocument(alice, "Shared with Bob", "ours");
        grant(alice, shared, bobId, "editor");
        edit(bob, shared, "ours, edited by bob");
        String published = createDocument(carol, "Carol's, Bob may publish", "x");
        grant(carol, published, bobId, "publisher");
        String revoked = createDocument(alice, "No longer Bob's", "y");
        grant(alice, revoked, bobId, "viewer");
        assertThat(alice.delete(doc(revoked) + "/members/" + bobId).status()).isEqualTo(204);
        String deleted = createDocument(bob, "Deleted by Bob", "z");
        assertThat(bob.delete(doc(deleted)).status()).isEqualTo(204);
        createDocument(carol, "Carol's alone", "w");
        String adminId = user("root");
        ApiClient admin = as(adminId, "admin");
        List<JsonNode> bobsAudit = awaitAudit(admin, "/api/audit?actor=" + bobId, 4);

        String exportId = request(admin, json("type", "subject-access", "userId", bobId));
        JsonNode status = completed(admin, exportId, WITHIN);
        Map<String, byte[]> entries = entries(ExportArchives.get(status.get("downloadUrl").asText()).body());

        assertThat(entries.keySet()).containsExactly("documents.ndjson", "roles.ndjson", "audit.ndjson", "summary.md",
                "manifest.sha256");
        assertManifestHolds(entries);
        List<JsonNode> bobsDocuments = allItems(bob, "/api/documents");
        assertThat(bobsDocuments).extracting(d -> d.get("id").asText())
                .containsExactlyInAnyOrder(own, shared, published);
        assertThat(ndjson(entries.get("documents.ndjson"))).isEqualTo(bobsDocuments);
        List<String> bobsRoles = new ArrayList<>();
        for (JsonNode document : bobsDocuments) {
            String documentId = document.get("id").asText();
            bob.get(doc(documentId) + "/members").body().get("items").forEach(member -> {
                if (member.get("userId").asText().equals(bobId)) {
                    bobsRoles.add(documentId + " " + bobId + " " + member.get("role").asText());
                }
            });
        }
        assertThat(ndjson(entries.get("roles.ndjson"))).extracting(r -> r.get("documentId").asText() + " "
                + r.get("userId").asText() + " " + r.get("role").asText()).isEqualTo(bobsRoles);
        assertThat(ndjson(entries.get("roles.ndjson"))).allSatisfy(r -> assertThat(r.size()).isEqualTo(3));
        assertThat(ndjson(entries.get("roles.ndjson"))).extracting(r -> r.get("role").asText())
                .containsExactlyInAnyOrder("owner", "editor", "publisher");
        assertThat(ndjson(entries.get("audit.ndjson"))).isEqualTo(allItems(admin, "/api/audit?actor=" + bobId))
                .hasSize(bobsAudit.size()).allSatisfy(record -> assertThat(record.get("actor").asText()).isEqualTo(bobId));
        assertThat(text(entries.get("summary.md"))).contains("subject-access", bobId, adminId, "3 documents",
                "3 roles");
        assertThat(status.get("userId").asText()).isEqualTo(bobId);
        assertThat(status.get("records").asLong()).isEqualTo(3 + 3 + bobsAudit.size());
    }

    @Test
    void exports_are_audited_who_asked_for_what_and_the_archive_sha256_chained_per_export() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Audited export", "x");
        String auditorId = user("audrey");
        ApiClient auditor = as(auditorId, "auditor");
        String adminId = user("root");
        ApiClient admin = as(adminId, "admin");
        String subject = user("subject");

        String documentExport = request(auditor, json("type", "document-audit", "documentId", id));
        String subjectExport = request(admin, json("type", "subject-access", "userId", subject));
        JsonNode done = completed(auditor, documentExport, WITHIN);
        completed(admin, subjectExport, WITHIN);

        List<JsonNode> chain = awaitAudit(auditor, "/api/audit?documentId=export-" + documentExport, 2);
        assertThat(chain).extracting(r -> r.get("type").asText()).containsExactly("export_requested",
                "export_completed");
        assertThat(chain).extracting(r -> r.get("actor").asText()).containsOnly(auditorId);
        assertThat(chain.get(0).get("summary").asText()).contains("document-audit", documentExport, id);
        assertThat(chain.get(1).get("summary").asText()).contains(done.get("sha256").asText(),
                done.get("size").asText());
        assertThat(chain.get(1).get("previousHash").asText()).isEqualTo(chain.get(0).get("hash").asText());
        JsonNode verification = auditor.get("/api/audit/verify?documentId=export-" + documentExport).body();
        assertThat(verification.get("valid").asBoolean()).as("%s", verification).isTrue();
        assertThat(verification.get("records").asLong()).isEqualTo(2);

        List<JsonNode> asked = awaitAudit(auditor, "/api/audit?type=export_requested&actor=" + adminId, 1);
        assertThat(asked.get(0).get("summary").asText()).contains("subject-access", subjectExport, subject);
        awaitAudit(auditor, "/api/audit?type=export_completed&actor=" + adminId, 1);
    }

    @Test
    void only_admins_ask_for_subject_access_only_auditors_and_admins_for_document_audits() {
        String ownerId = user("owner");
        ApiClient owner = as(ownerId);
        String id = createDocument(owner, "Guarded", "x");
        String editorId = user("eddie");
        String viewerId = user("vera");
        grant(owner, id, editorId, "editor");
        grant(owner, id, viewerId, "viewer");
        ApiClient auditor = as(user("audrey"), "auditor");
        Map<String, Object> documentAudit = json("type", "document-audit", "documentId", id);
        Map<String, Object> subjectAccess = json("type", "subject-access", "userId", ownerId);

        for (ApiClient caller : List.of(owner, as(editorId), as(viewerId))) {
            assertProblem(caller.post("/api/exports", documentAudit), 403, "auditors and admins");
            assertProblem(caller.post("/api/exports", subjectAccess), 403, "admins");
            assertProblem(caller.post("/api/exports", json("type", "nonsense")), 403, "admins");
        }
        assertProblem(as(ownerId, "auditor").post("/api/exports", subjectAccess), 403,
                "Subject-access exports are for admins");
        assertProblem(auditor.post("/api/exports", subjectAccess), 403, "Subject-access exports are for admins");
        assertProblem(anonymous().post("/api/exports", documentAudit), 401, "bearer token");
        assertProblem(anonymous().post("/api/exports", subjectAccess), 401, "bearer token");
        assertProblem(new ApiClient(baseUrl(), "not-a-token").post("/api/exports", documentAudit), 401, "bearer");
        assertThat(jdbc.sql("SELECT count(*) FROM exports WHERE document_id = :id OR subject_user = :user")
                .param("id", id).param("user", ownerId).query(Long.class).single()).as("nothing was queued").isZero();
    }

    @Test
    void an_export_is_seen_only_by_whoever_asked_for_it_and_by_admins() {
        ApiClient owner = as(user("owner"));
        String id = createDocument(owner, "Watched", "x");
        ApiClient auditor = as(user("audrey"), "auditor");
        String exportId = request(auditor, json("type", "document-audit", "documentId", id));

        assertThat(auditor.get("/api/exports/" + exportId).status()).isEqualTo(200);
        assertThat(as(user("root"), "admin").get("/api/exports/" + exportId).status()).isEqualTo(200);
        assertProblem(as(user("otto"), "auditor").get("/api/exports/" + exportId), 404, "No such export");
        assertProblem(owner.get("/api/exports/" + exportId), 404, "No such export");
        assertProblem(auditor.get("/api/exports/no-such-export"), 404, "No such export");
        assertProblem(anonymous().get("/api/exports/" + exportId), 401, "bearer token");
    }

    @Test
    void bad_requests_are_problem_details_naming_the_field() {
        ApiClient auditor = as(user("audrey"), "auditor");
        ApiClient admin = as(user("root"), "admin");
        String id = createDocument(as(user("owner")), "Target", "x");

        assertField(admin.post("/api/exports", json("type", "everything", "userId", "bob")), "type", "Unknown export type");
        assertField(admin.post("/api/exports", json("userId", "bob")), "type", "type is required");
        assertField(admin.post("/api/exports", json("type", "subject-access")), "userId", "userId is required");
        assertField(admin.post("/api/exports", json("type", "subject-access", "userId", "")), "userId",
                "userId is required");
        assertField(auditor.post("/api/exports", json("type", "document-audit")), "documentId",
                "documentId is required");
        assertField(auditor.post("/api/exports", json("type", "document-audit", "documentId", id,
                "from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z")), "from", "must be before");
        assertField(auditor.post("/api/exports", json("type", "document-audit", "documentId", id, "from", "monday")),
                "from", "ISO-8601");
        assertField(auditor.post("/api/exports", json("type", "document-audit", "documentId", id, "userId", "bob")),
                "userId", "not used");
        assertField(auditor.post("/api/exports", json("type", "document-audit", "documentId", id, "format", "csv")),
                "format", "Unknown field");
        assertProblem(auditor.send("POST", "/api/exports", "{\"type\":", "application/json"), 400, "Malformed JSON");
        assertProblem(auditor.send("POST", "/api/exports", null, "application/json"), 400, "missing");
        assertProblem(auditor.post("/api/exports", json("type", "document-audit", "documentId",
                "00000000-0000-0000-0000-000000000000")), 404, "No such document");
        assertProblem(auditor.post("/api/exports", json("type", "document-audit", "documentId", "../etc")), 404,
                "No such document");
    }

    @Test
    void a_download_link_works_without_a_token_and_a_tampered_one_is_refused() {
        ApiClient auditor = as(user("audrey"), "auditor");
        String first = request(auditor, json("type", "document-audit", "documentId",
                createDocument(as(user("owner")), "One", "1")));
        String second = request(auditor, json("type", "document-audit", "documentId",
                createDocument(as(user("owner")), "Two", "2")));
        String url = completed(auditor, first, WITHIN).get("downloadUrl").asText();
        completed(auditor, second, WITHIN);
        String expires = url.replaceAll(".*expires=(\\d+).*", "$1");
        String signature = url.replaceAll(".*signature=([^&]+).*", "$1");
        String flipped = signature.substring(0, signature.length() - 1)
                + (signature.endsWith("A") ? "B" : "A");

        assertThat(ExportArchives.get(url).status()).isEqualTo(200);
        assertRefused(url.replace("signature=" + signature, "signature=" + flipped), "not valid");
        assertRefused(url.replace("expires=" + expires, "expires=" + (Long.parseLong(expires) + 86_400)), "not valid");
        assertRefused(url.replace(first, second), "not valid");
        assertRefused(baseUrl() + "/api/exports/" + first + "/archive", "not valid");
        assertRefused(url.replace("expires=" + expires, "expires=" + (Instant.now().getEpochSecond() - 1)),
                "not valid");
    }

    @Test
    void archives_live_under_their_own_prefix_which_the_blob_sweep_leaves_alone() {
        ApiClient auditor = as(user("audrey"), "auditor");
        String exportId = request(auditor, json("type", "document-audit", "documentId",
                createDocument(as(user("owner")), "Swept?", "x")));
        String url = completed(auditor, exportId, WITHIN).get("downloadUrl").asText();
        BlobSweep sweep = new BlobSweep(blobs, jdbc, processors,
                new BlobSweepProperties(Duration.ofMinutes(10), Duration.ofHours(6)),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(30)));
        awaitOk(as(user("root"), "admin"), "/api/admin/processors/documents", p -> p.get("lagEvents").asLong() == 0,
                WITHIN);

        sweep.sweep();

        assertThat(archives(exportId)).hasSize(1);
        assertThat(ExportArchives.get(url).status()).isEqualTo(200);
    }

    @Test
    void erasing_a_subject_deletes_the_archives_about_it_and_anonymises_the_export_records() {
        String victimId = user("victim");
        ApiClient victim = as(victimId);
        String id = createDocument(victim, "Victim's diary", "private");
        ApiClient admin = as(user("root"), "admin");
        ApiClient auditor = as(user("audrey"), "auditor");
        awaitAudit(admin, "/api/audit?actor=" + victimId, 1);
        String aboutUser = request(admin, json("type", "subject-access", "userId", victimId));
        String aboutDocument = request(auditor, json("type", "document-audit", "documentId", id));
        String userLink = completed(admin, aboutUser, WITHIN).get("downloadUrl").asText();
        String documentLink = completed(auditor, aboutDocument, WITHIN).get("downloadUrl").asText();

        erase(admin, "/api/admin/subjects/users/" + victimId);

        JsonNode erasedUser = admin.get("/api/exports/" + aboutUser).body();
        assertThat(erasedUser.get("status").asText()).isEqualTo("erased");
        assertThat(erasedUser.get("userId").asText()).isEqualTo("[erased]");
        assertThat(archives(aboutUser)).isEmpty();
        ExportArchives.Download gone = ExportArchives.get(userLink);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.problem().get("detail").asText()).contains("erased");
        assertThat(jdbc.sql("SELECT count(*) FROM exports WHERE subject_user = :user OR requested_by = :user")
                .param("user", victimId).query(Long.class).single()).isZero();
        List<JsonNode> chain = allItems(admin, "/api/audit?documentId=export-" + aboutUser);
        assertThat(chain.get(0).get("summary").asText()).endsWith(" of user [erased]").doesNotContain(victimId);
        assertThat(admin.get("/api/audit/verify?documentId=export-" + aboutUser).body().get("valid").asBoolean())
                .isTrue();
        assertThat(ExportArchives.get(documentLink).status()).as("the document is not erased").isEqualTo(200);

        erase(admin, "/api/admin/subjects/documents/" + id);

        assertThat(auditor.get("/api/exports/" + aboutDocument).body().get("status").asText()).isEqualTo("erased");
        assertThat(archives(aboutDocument)).isEmpty();
        assertThat(ExportArchives.get(documentLink).status()).isEqualTo(410);
        assertThat(admin.get("/api/audit/verify?documentId=export-" + aboutDocument).body().get("valid")
                .asBoolean()).isTrue();
    }

    @Test
    void the_exports_processor_is_listed_with_the_others_but_parks_nothing_and_cannot_be_replayed() {
        ApiClient admin = as(user("root"), "admin");
        JsonNode exports = awaitOk(admin, "/api/admin/processors/exports",
                p -> p.get("state").asText().equals("RUNNING"), WITHIN);

        assertThat(exports.get("segments")).hasSize(2);
        assertThat(exports.get("deadLetters").asLong()).isZero();
        assertProblem(admin.post("/api/admin/processors/exports/replay", null), 409, "cannot be replayed");
        assertProblem(admin.get("/api/admin/dead-letters?processor=exports"), 404, "parks no events");
        assertThat(admin.get("/api/admin/dead-letters").status()).isEqualTo(200);
    }

    /** The blobs stored under the export's prefix. */
    private List<String> archives(String exportId) {
        try (java.util.stream.Stream<String> keys = blobs.keysOlderThan("exports/" + exportId + "/",
                Instant.now().plusSeconds(3600))) {
            return keys.toList();
        }
    }

    private static void assertRefused(String url, String detail) {
        ExportArchives.Download refused = ExportArchives.get(url);
        assertThat(refused.status()).as(url).isEqualTo(403);
        assertThat(refused.raw().headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.problem().get("detail").asText()).contains(detail);
    }

    private static void assertField(ApiClient.Response response, String field, String detail) {
        assertProblem(response, 400, detail);
        assertThat(response.body().get("field").asText()).isEqualTo(field);
    }

    /** Erases a subject and waits until the erasure has completed; asserts the exports took part. */
    private static void erase(ApiClient admin, String path) {
        ApiClient.Response requested = admin.delete(path);
        assertThat(requested.status()).as("%s", requested).isEqualTo(202);
        JsonNode erasure = awaitOk(admin, "/api/admin/erasures/" + requested.body().get("id").asText(),
                e -> e.get("status").asText().equals("completed"), Duration.ofSeconds(60));
        List<String> stores = new ArrayList<>();
        erasure.get("steps").forEach(step -> stores.add(step.get("store").asText()));
        assertThat(stores).contains("exports", "audit-archive");
    }

    /** Audit records are written by their own processor: waits until the filter finds {@code count} of them. */
    private static List<JsonNode> awaitAudit(ApiClient client, String path, int count) {
        awaitOk(client, path, page -> page.get("total").asLong() == count && page.get("items").size() == count,
                WITHIN);
        return allItems(client, path);
    }
}
