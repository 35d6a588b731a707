package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstone.platform.blob.BlobStoreProperties;
import dev.sandstone.platform.blob.s3.S3BlobStore;
import dev.sandstone.platform.test.TestElasticsearch;
import dev.sandstone.platform.test.TestMongo;
import dev.sandstone.platform.test.TestS3;
import dev.sandstone.query.blobs.DocumentBlobErasure;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The full-stack shape chosen by configuration alone: the same service with Elasticsearch for search and MongoDB
 * for the audit archive, both real servers the build starts, exercised through HTTP.
 */
@TestPropertySource(properties = {"sandstone.search.engine=elasticsearch", "sandstone.audit.archive=mongodb",
        "sandstone.audit.mongodb.timeout=2s"})
class FullStackApiTest extends ApiTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    BlobStoreProperties blobProperties;
    @Autowired
    DocumentBlobErasure erasure;

    @DynamicPropertySource
    static void fullStack(DynamicPropertyRegistry registry) {
        TestElasticsearch.register(registry);
        registry.add("sandstone.search.index", () -> "sandstone-fullstack-" + UUID.randomUUID());
        TestMongo.register(registry);
        TestS3.register(registry);
        registry.add("sandstone.audit.mongodb.collection", () -> "audit_" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void serversAreBack() {
        TestMongo.shared().start();
        if (!TestS3.shared().isRunning()) {
            TestS3.shared().start();
        }
    }

    @Test
    void large_content_lives_in_s3_and_an_s3_outage_blocks_only_large_content() throws Exception {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "In S3", "x");
        String text = "lorem ipsum dolor sit amet, consectetur adipiscing elit\n".repeat(12_000);
        assertThat(alice.ifMatch(1).send("PUT", "/api/documents/" + id + "/content", text, "text/plain").status())
                .isEqualTo(200);
        assertThat(alice.get("/api/documents/" + id).body().get("contentTruncated").asBoolean()).isTrue();
        assertThat(alice.get("/api/documents/" + id + "/content").raw().body()).isEqualTo(text);

        TestS3.shared().stop();
        ApiClient.Response refused = alice.ifMatch(2).send("PUT", "/api/documents/" + id + "/content", text + "more",
                "text/plain");
        String small = createDocument(alice, "Small while S3 is down", "fine");

        assertProblem(refused, 503, "temporarily unavailable");
        assertThat(alice.get("/api/documents/" + id).body().get("version").asLong()).isEqualTo(2);
        assertThat(alice.get("/api/documents/" + small).body().get("content").asText()).isEqualTo("fine");
        TestS3.shared().start();
        assertThat(alice.get("/api/documents/" + id + "/content").raw().body()).isEqualTo(text);
    }

    @Test
    void large_contents_are_encrypted_objects_in_s3_served_whole_in_ranges_and_published() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Encrypted in S3", "x");
        StringBuilder words = new StringBuilder();
        java.util.Random random = new java.util.Random(42);
        String[] vocabulary = {"payroll", "diagnosis", "acquisition", "the", "of", "and", "é", "中文"};
        while (words.length() < 700_000) {
            words.append(vocabulary[random.nextInt(vocabulary.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        String text = words.toString();
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(alice.ifMatch(1).send("PUT", "/api/documents/" + id + "/content", text, "text/plain").status())
                .isEqualTo(200);
        assertThat(alice.post("/api/documents/" + id + "/publish", null).status()).isEqualTo(201);
        awaitOk(as(user("root"), "admin"), "/api/admin/processors/published-objects",
                p -> p.get("lagEvents").asLong() == 0, WITHIN);

        ApiClient.Response whole = alice.get("/api/documents/" + id + "/content");
        assertThat(whole.raw().body()).isEqualTo(text);
        String etag = whole.header("ETag");
        assertThat(alice.header("If-None-Match", etag).get("/api/documents/" + id + "/content").status())
                .isEqualTo(304);
        ApiClient.Response range = as(user("bob")).get("/api/documents/" + id + "/content");
        assertThat(range.status()).as("strangers see nothing").isEqualTo(404);
        ApiClient.Response middle = alice.header("Range", "bytes=400000-400099").get("/api/documents/" + id
                + "/content");
        assertThat(middle.status()).isEqualTo(206);
        assertThat(middle.header("Content-Range")).isEqualTo("bytes 400000-400099/" + bytes.length);
        assertThat(alice.get("/api/documents/" + id + "/published/1/content").raw().body()).isEqualTo(text);

        BlobStoreProperties.S3 s3 = blobProperties.s3();
        try (S3Client raw = S3BlobStore.client(s3)) {
            List<S3Object> objects = raw.listObjectsV2(request -> request.bucket(s3.bucket())
                    .prefix("documents/" + id + "/")).contents();
            assertThat(objects).extracting(S3Object::key)
                    .anyMatch(key -> key.startsWith("documents/" + id + "/chunks/"))
                    .anyMatch(key -> key.startsWith("documents/" + id + "/published/"));
            for (S3Object object : objects) {
                assertThat(raw.headObject(request -> request.bucket(s3.bucket()).key(object.key())).metadata())
                        .containsEntry("encryption", "aes256gcm-stream");
                byte[] stored = raw.getObjectAsBytes(request -> request.bucket(s3.bucket()).key(object.key()))
                        .asByteArray();
                assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).as(object.key())
                        .doesNotContain("payroll", "diagnosis", "acquisition");
            }

            assertThat(erasure.eraseDocument(id)).isEqualTo(objects.size());
            assertThat(raw.listObjectsV2(request -> request.bucket(s3.bucket()).prefix("documents/" + id + "/"))
                    .contents()).isEmpty();
        }
    }

    @Test
    void a_document_is_searchable_in_elasticsearch_and_audited_in_mongodb() {
        String aliceId = user("alice");
        ApiClient alice = as(aliceId);
        String word = "fullstack" + UUID.randomUUID().toString().substring(0, 8);
        String id = createDocument(alice, "Full stack", "about " + word);
        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", word + " edited"))
                .status()).isEqualTo(200);
        ApiClient auditor = as(user("audrey"), "auditor");

        JsonNode hits = awaitOk(alice, "/api/search?q=" + word, r -> r.get("total").asLong() == 1, WITHIN);
        JsonNode audit = awaitOk(auditor, "/api/audit?documentId=" + id,
                r -> r.get("total").asLong() == 2 && r.get("items").size() == 2, WITHIN);

        assertThat(hits.get("items").get(0).get("id").asText()).isEqualTo(id);
        assertThat(audit.get("items")).extracting(r -> r.get("actor").asText()).containsOnly(aliceId);
        assertThat(audit.get("items").get(1).get("previousHash").asText())
                .isEqualTo(audit.get("items").get(0).get("hash").asText());
        JsonNode verification = auditor.get("/api/audit/verify?documentId=" + id).body();
        assertThat(verification.get("valid").asBoolean()).isTrue();
        assertThat(alice.get("/api/documents/" + id + "/history").body().get("total").asLong()).isEqualTo(2);
    }

    @Test
    void an_export_is_stored_in_s3_downloaded_through_a_pre_signed_url_and_audited_in_mongodb() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Exported from S3", "one");
        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", "two")).status())
                .isEqualTo(200);
        String auditorId = user("audrey");
        ApiClient auditor = as(auditorId, "auditor");
        awaitOk(auditor, "/api/audit?documentId=" + id, r -> r.get("total").asLong() == 2, WITHIN);

        String exportId = ExportArchives.request(auditor, json("type", "document-audit", "documentId", id));
        JsonNode done = ExportArchives.completed(auditor, exportId, WITHIN);
        String url = done.get("downloadUrl").asText();
        ExportArchives.Download download = ExportArchives.get(url);

        assertThat(url).startsWith(TestS3.shared().endpoint() + "/").contains("exports/" + exportId + "/"
                        + done.get("sha256").asText(),
                "X-Amz-Signature=", "X-Amz-Expires=900");
        assertThat(download.status()).isEqualTo(200);
        assertThat(ExportArchives.sha256(download.body())).isEqualTo(done.get("sha256").asText());
        java.util.Map<String, byte[]> entries = ExportArchives.entries(download.body());
        ExportArchives.assertManifestHolds(entries);
        assertThat(ExportArchives.ndjson(entries.get("audit.ndjson")))
                .isEqualTo(ExportArchives.allItems(auditor, "/api/audit?documentId=" + id));
        assertThat(ExportArchives.ndjson(entries.get("events.ndjson"))).extracting(e -> e.get("type").asText())
                .containsExactly("created", "content_edited");
        ExportArchives.Download tampered = ExportArchives.get(url.replace("X-Amz-Signature=",
                "X-Amz-Signature=0"));
        assertThat(tampered.status()).as("S3 checks the signature").isEqualTo(403);
        JsonNode chain = awaitOk(auditor, "/api/audit?documentId=export-" + exportId,
                r -> r.get("total").asLong() == 2, WITHIN);
        assertThat(chain.get("items").get(1).get("summary").asText()).contains(done.get("sha256").asText());
        assertThat(auditor.get("/api/audit/verify?documentId=export-" + exportId).body().get("valid").asBoolean())
                .isTrue();
    }

    @Test
    void elasticsearch_and_mongodb_report_among_the_dependencies_and_readiness_is_postgresql_only() {
        ApiClient admin = as(user("root"), "admin");

        JsonNode dependencies = admin.get("/actuator/health/dependencies").body();
        assertThat(dependencies.get("components").fieldNames()).toIterable().contains("elasticsearch", "mongo");
        assertThat(dependencies.at("/components/elasticsearch/status").asText()).isEqualTo("UP");
        // mongo's own status is not asserted: the in-process test server lacks the 'hello' command Spring Boot's
        // indicator sends, so it reports DOWN here, and readiness is UP regardless, which is the point.
        ApiClient.Response readiness = admin.get("/actuator/health/readiness");
        assertThat(readiness.status()).as("%s", readiness).isEqualTo(200);
        assertThat(readiness.body().get("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("db", "readinessState");
    }

    @Test
    void with_mongodb_down_writes_succeed_the_audit_log_answers_503_and_catches_up_afterwards() {
        ApiClient alice = as(user("alice"));
        ApiClient auditor = as(user("audrey"), "auditor");
        TestMongo.shared().stop();

        String id = createDocument(alice, "Written while the archive is down", "text");
        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", json("content", "more text")).status())
                .isEqualTo(200);
        ApiClient.Response unavailable = auditor.get("/api/audit?documentId=" + id);
        assertProblem(unavailable, 503, "audit archive");
        assertThat(unavailable.header("Retry-After")).isNotBlank();
        assertThat(alice.get("/api/documents/" + id).body().get("content").asText()).isEqualTo("more text");

        TestMongo.shared().start();
        awaitOk(auditor, "/api/audit?documentId=" + id, r -> r.get("total").asLong() == 2, Duration.ofSeconds(60));
        assertThat(auditor.get("/api/audit/verify?documentId=" + id).body().get("valid").asBoolean()).isTrue();
    }
}
