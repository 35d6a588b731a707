package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.api.document.event.DocumentContentStored;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import dev.sandstone.api.privacy.PersonalData.Subject;
import dev.sandstone.platform.blob.BlobKeys;
import dev.sandstone.platform.blob.BlobRef;
import dev.sandstone.platform.blob.BlobSeal;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.blob.DocumentBlobs;
import dev.sandstone.platform.blob.filesystem.FileSystemBlobStore;
import dev.sandstone.platform.crypto.SubjectKeys;
import dev.sandstone.query.blobs.BlobSweep;
import dev.sandstone.query.blobs.DocumentBlobErasure;
import dev.sandstone.query.blobs.BlobSweepProperties;
import dev.sandstone.query.processors.ProcessorControl;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Large documents through HTTP on the local default (blobs on the file system): content over the inline threshold
 * goes to the blob store in chunks, encrypted in the document's key space, events carry chunk references, and the
 * raw content is served with byte ranges.
 */
class LargeContentApiTest extends ApiTest {

    private static final int SIZE = 1_500_000;

    @Autowired
    EventStore eventStore;
    @Autowired
    BlobStore blobs;
    @Autowired
    DocumentBlobs documentBlobs;
    @Autowired
    DocumentBlobErasure erasure;
    @Autowired
    SubjectKeys keys;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    ProcessorControl processors;
    @Autowired
    BlobSweepProperties sweep;

    @Test
    void a_streamed_upload_is_stored_in_chunks_and_served_whole_and_in_ranges() throws Exception {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Large", "small at first");
        String text = text(SIZE, 1);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int size = bytes.length;

        HttpResponse<String> upload = raw(alice, "PUT", "/api/documents/" + id + "/content", text, "\"1\"", null);

        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        JsonNode document = alice.get("/api/documents/" + id).body();
        assertThat(document.get("version").asLong()).isEqualTo(2);
        assertThat(document.get("contentTruncated").asBoolean()).isTrue();
        assertThat(document.get("content").isNull()).isTrue();
        assertThat(document.get("contentSize").asLong()).isEqualTo(size);
        assertThat(document.get("contentUrl").asText()).isEqualTo("/api/documents/" + id + "/content");
        DocumentContentStored stored = lastStored(id);
        assertThat(stored.chunks()).hasSizeGreaterThan(1);
        assertThat(stored.size()).isEqualTo(size);

        HttpResponse<String> whole = raw(alice, "GET", "/api/documents/" + id + "/content", null, null, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(text);
        String etag = whole.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"" + sha256(text) + "\"");
        assertThat(raw(alice, "GET", "/api/documents/" + id + "/content", null, null, etag).statusCode())
                .isEqualTo(304);

        HttpResponse<byte[]> middle = ranged(alice, id, "bytes=700000-700099");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 700000-700099/" + size);
        assertThat(middle.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 700_000, 700_100));
        assertThat(ranged(alice, id, "bytes=-10").body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, size - 10, size));
        assertThat(ranged(alice, id, "bytes=" + (size - 5) + "-").body())
                .isEqualTo(java.util.Arrays.copyOfRange(bytes, size - 5, size));
        assertThat(ranged(alice, id, "bytes=" + size + "-").statusCode()).isEqualTo(416);
        assertThat(raw(as(user("stranger")), "GET", "/api/documents/" + id + "/content", null, null, null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void a_small_edit_of_a_large_document_writes_only_the_chunks_it_touches() throws Exception {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Edited", "x");
        String text = text(SIZE, 2);
        assertThat(raw(alice, "PUT", "/api/documents/" + id + "/content", text, "\"1\"", null).statusCode())
                .isEqualTo(200);
        List<ChunkRef> before = lastStored(id).chunks();
        String edited = text.substring(0, 800_000) + "INSERTED" + text.substring(800_000);

        assertThat(raw(alice, "PUT", "/api/documents/" + id + "/content", edited, "\"2\"", null).statusCode())
                .isEqualTo(200);

        List<ChunkRef> after = lastStored(id).chunks();
        Set<ChunkRef> reused = new HashSet<>(after);
        reused.retainAll(new HashSet<>(before));
        assertThat(after.size() - reused.size()).as("new chunks of %s", after).isBetween(1, 2);
        assertThat(raw(alice, "GET", "/api/documents/" + id + "/content", null, null, null).body()).isEqualTo(edited);
    }

    @Test
    void a_byte_range_of_a_large_document_is_replaced_by_sending_only_that_range() throws Exception {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Ranged", "x");
        String text = text(SIZE, 12);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(raw(alice, "PUT", "/api/documents/" + id + "/content", text, "\"1\"", null).statusCode())
                .isEqualTo(200);
        List<ChunkRef> before = lastStored(id).chunks();
        int start = boundaryAtOrAfter(bytes, 900_000);
        int end = boundaryAtOrAfter(bytes, start + 25);

        ApiClient.Response replaced = alice.ifMatch(2).patch("/api/documents/" + id + "/content",
                json("start", start, "end", end, "text", "«range edit ✓»"));

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.header("ETag")).isEqualTo("\"3\"");
        String expected = new String(bytes, 0, start, StandardCharsets.UTF_8) + "«range edit ✓»"
                + new String(bytes, end, bytes.length - end, StandardCharsets.UTF_8);
        List<ChunkRef> after = lastStored(id).chunks();
        Set<ChunkRef> reused = new HashSet<>(after);
        reused.retainAll(new HashSet<>(before));
        assertThat(after.size() - reused.size()).as("new chunks of %s", after).isBetween(1, 2);
        HttpResponse<String> whole = raw(alice, "GET", "/api/documents/" + id + "/content", null, null, null);
        assertThat(whole.body()).isEqualTo(expected);
        assertThat(whole.headers().firstValue("ETag")).contains("\"" + sha256(expected) + "\"");
        JsonNode document = alice.get("/api/documents/" + id).body();
        assertThat(document.get("version").asLong()).isEqualTo(3);
        assertThat(document.get("contentSize").asLong()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void a_range_edit_at_an_old_version_inside_a_character_or_by_a_viewer_is_refused_and_changes_nothing() {
        ApiClient alice = as(user("alice"));
        String viewer = user("vera");
        String id = createDocument(alice, "Guarded", "naïve");
        alice.put("/api/documents/" + id + "/members/" + viewer, json("role", "viewer"));
        String path = "/api/documents/" + id + "/content";

        ApiClient.Response stale = alice.ifMatch(1).patch(path, json("start", 0, "end", 1, "text", "N"));
        ApiClient.Response inside = alice.ifMatch(2).patch(path, json("start", 3, "end", 3, "text", "x"));
        ApiClient.Response outside = alice.ifMatch(2).patch(path, json("start", 0, "end", 7, "text", ""));
        ApiClient.Response missing = alice.ifMatch(2).patch(path, json("text", "x"));
        ApiClient.Response noIfMatch = alice.patch(path, json("start", 0, "end", 1, "text", "N"));
        ApiClient.Response byViewer = as(viewer).ifMatch(2).patch(path, json("start", 0, "end", 1, "text", "N"));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(inside.status()).isEqualTo(400);
        assertThat(inside.body().get("detail").asText()).contains("start 3 falls inside a UTF-8 character");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.body().get("detail").asText()).contains("0 <= start <= end <= 6");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(noIfMatch.status()).isEqualTo(428);
        assertThat(byViewer.status()).isEqualTo(403);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        JsonNode document = alice.get("/api/documents/" + id).body();
        assertThat(document.get("version").asLong()).isEqualTo(2);
        assertThat(document.get("content").asText()).isEqualTo("naïve");
    }

    private static int boundaryAtOrAfter(byte[] bytes, int offset) {
        while (offset < bytes.length && (bytes[offset] & 0xC0) == 0x80) {
            offset++;
        }
        return offset;
    }

    @Test
    void large_json_content_is_stored_too_and_small_content_comes_back_inline() {
        ApiClient alice = as(user("alice"));
        String text = text(400_000, 3);
        ApiClient.Response created = alice.post("/api/documents", java.util.Map.of("title", "JSON large",
                "content", text, "tags", List.of()));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.body().get("version").asLong()).isEqualTo(2);
        assertThat(alice.get("/api/documents/" + id).body().get("contentTruncated").asBoolean()).isTrue();

        assertThat(alice.ifMatch(2).put("/api/documents/" + id + "/content", json("content", "small again"))
                .status()).isEqualTo(200);

        JsonNode document = alice.get("/api/documents/" + id).body();
        assertThat(document.get("contentTruncated").asBoolean()).isFalse();
        assertThat(document.get("content").asText()).isEqualTo("small again");
        JsonNode revision = alice.get("/api/documents/" + id + "/revisions/2").body();
        assertThat(revision.get("contentTruncated").asBoolean()).isTrue();
        assertThat(revision.get("contentSize").asLong()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(alice.get("/api/documents/" + id + "/revisions/3").body().get("content").asText())
                .isEqualTo("small again");
        assertThat(alice.get("/api/documents/" + id + "/revisions/2/content").raw().body()).isEqualTo(text);
        assertThat(alice.get("/api/documents/" + id + "/revisions/3/content").raw().body()).isEqualTo("small again");
        assertProblem(alice.get("/api/documents/" + id + "/revisions/9/content"), 404, "no version 9");
        assertThat(as(user("stranger")).get("/api/documents/" + id + "/revisions/2/content").status()).isEqualTo(404);
    }

    @Test
    void a_published_large_version_is_stored_once_as_a_whole_immutable_object() throws Exception {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Published", "x");
        String text = text(600_000, 4);
        raw(alice, "PUT", "/api/documents/" + id + "/content", text, "\"1\"", null);
        assertThat(alice.post("/api/documents/" + id + "/publish", null).status()).isEqualTo(201);
        raw(alice, "PUT", "/api/documents/" + id + "/content", "changed after publishing", "\"3\"", null);

        String sha = sha256(text);
        awaitOk(admin(), "/api/admin/processors/published-objects", p -> p.get("lagEvents").asLong() == 0,
                Duration.ofSeconds(20));

        HttpResponse<String> published = raw(alice, "GET", "/api/documents/" + id + "/published/1/content", null, null,
                null);

        assertThat(jdbc.sql("SELECT sha256 FROM published_objects WHERE document_id = :id AND published_version = 1")
                .param("id", id).query(String.class).single()).isEqualTo(sha);
        assertThat(documentBlobs.head(id, DocumentBlobs.Kind.PUBLISHED, sha)).hasValueSatisfying(object -> {
            assertThat(object.key()).isEqualTo("documents/" + id + "/published/" + sha);
            assertThat(object.encrypted()).isTrue();
            assertThat(object.size()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        });
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(published.body()).isEqualTo(text);
        assertThat(published.headers().firstValue("ETag")).contains("\"" + sha + "\"");
        assertThat(published.headers().firstValue("Cache-Control").orElseThrow())
                .contains("max-age=31536000").contains("immutable");
        assertThat(raw(alice, "GET", "/api/documents/" + id + "/published/2/content", null, null, null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void a_word_in_a_large_document_is_searchable() throws Exception {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Searchable", "x");
        String word = "needle" + Long.toHexString(new Random().nextLong()).replaceAll("[0-9]", "q");
        String text = text(200_000, 5) + " " + word + " " + text(200_000, 6);
        raw(alice, "PUT", "/api/documents/" + id + "/content", text, "\"1\"", null);

        JsonNode hits = awaitOk(alice, "/api/search?q=" + word, r -> r.get("total").asLong() == 1,
                Duration.ofSeconds(20));

        assertThat(hits.get("items").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void bytes_that_are_not_utf8_text_are_refused_and_change_nothing() throws Exception {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Binary", "text");
        byte[] body = text(300_000, 7).getBytes(StandardCharsets.UTF_8);
        body[299_000] = (byte) 0xFF;

        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/api/documents/" + id + "/content"))
                .header("Authorization", "Bearer " + alice.token()).header("Content-Type", "text/plain")
                .header("If-Match", "\"1\"").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("UTF-8");
        assertThat(alice.get("/api/documents/" + id).body().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void the_sweep_deletes_only_old_blobs_that_no_event_refers_to() throws Exception {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Kept", "x");
        String text = text(500_000, 8);
        raw(alice, "PUT", "/api/documents/" + id + "/content", text, "\"1\"", null);
        assertThat(alice.post("/api/documents/" + id + "/publish", null).status()).isEqualTo(201);
        byte[] garbage = ("never referred to " + java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String garbageKey = blobs.put(new java.io.ByteArrayInputStream(garbage), garbage.length).key();
        String garbageChunk = documentBlobs.putChunk(id, garbage, 0, garbage.length).key();
        List<ChunkRef> chunks = lastStored(id).chunks();
        String sharedWithAnotherDocument = documentBlobs.putChunk(createDocument(alice, "Other", "y"),
                text.getBytes(StandardCharsets.UTF_8), 0, (int) chunks.get(0).size()).key();
        String export = "exports/" + java.util.UUID.randomUUID() + "/" + sha256String(garbage);
        blobs.put(export, sha256String(garbage), new java.io.ByteArrayInputStream(garbage), garbage.length,
                BlobSeal.NONE);
        awaitOk(admin(), "/api/admin/processors/documents", p -> p.get("lagEvents").asLong() == 0,
                Duration.ofSeconds(10));
        awaitOk(admin(), "/api/admin/processors/published-objects", p -> p.get("lagEvents").asLong() == 0,
                Duration.ofSeconds(20));
        String published = DocumentBlobs.key(id, DocumentBlobs.Kind.PUBLISHED, sha256(text));

        long notYet = new BlobSweep(blobs, jdbc, processors, sweep, java.time.Clock.systemUTC()).sweep();
        assertThat(notYet).isZero();
        assertThat(blobs.exists(garbageKey)).isTrue();
        assertThat(blobs.exists(garbageChunk)).isTrue();

        long deleted = new BlobSweep(blobs, jdbc, processors, sweep,
                java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(25))).sweep();

        assertThat(deleted).isGreaterThanOrEqualTo(3);
        assertThat(blobs.exists(garbageKey)).as("shared layout, unreferenced").isFalse();
        assertThat(blobs.exists(garbageChunk)).as("the document's, unreferenced").isFalse();
        assertThat(blobs.exists(sharedWithAnotherDocument)).as("referred to by another document only").isFalse();
        assertThat(chunks).allSatisfy(chunk -> assertThat(blobs.exists(DocumentBlobs.key(id, DocumentBlobs.Kind.CHUNK,
                chunk.sha256()))).isTrue());
        assertThat(blobs.exists(published)).as("published objects are never swept").isTrue();
        assertThat(blobs.exists(export)).as("keys the sweep does not own").isTrue();
        assertThat(raw(alice, "GET", "/api/documents/" + id + "/content", null, null, null).body()).isEqualTo(text);
    }

    @Test
    void stored_contents_hold_no_plaintext_and_cannot_be_read_once_the_documents_key_is_destroyed() throws Exception {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Secret", "x");
        String text = text(700_000, 9);
        raw(alice, "PUT", "/api/documents/" + id + "/content", text, "\"1\"", null);
        assertThat(alice.post("/api/documents/" + id + "/publish", null).status()).isEqualTo(201);
        awaitOk(admin(), "/api/admin/processors/published-objects", p -> p.get("lagEvents").asLong() == 0,
                Duration.ofSeconds(20));
        Path documentDirectory = ((FileSystemBlobStore) blobs).directory().resolve(DocumentBlobs.prefix(id));
        List<Path> files;
        try (var walk = Files.walk(documentDirectory)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        int chunks = lastStored(id).chunks().size();
        assertThat(files).hasSize(chunks + 1);
        for (Path file : files) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as("%s", file)
                    .doesNotContain("alpha", "gamma", "lambda", "omicron");
        }

        assertThat(keys.destroy(Subject.DOCUMENT, id)).isPresent();

        HttpResponse<String> current = raw(alice, "GET", "/api/documents/" + id + "/content", null, null, null);
        assertThat(current.statusCode()).isEqualTo(410);
        assertThat(current.body()).contains("erased").doesNotContain("alpha");
        assertThat(ranged(alice, id, "bytes=700000-700099").statusCode()).isEqualTo(410);
        assertThat(raw(alice, "GET", "/api/documents/" + id + "/published/1/content", null, null, null).statusCode())
                .isEqualTo(410);

        assertThat(erasure.eraseDocument(id)).isEqualTo(chunks + 1);
        assertThat(documentDirectory).doesNotExist();
        assertThat(jdbc.sql("SELECT count(*) FROM blob_references WHERE document_id = :id").param("id", id)
                .query(Long.class).single()).isZero();
        assertThat(erasure.eraseDocument(id)).isZero();
    }

    @Test
    void erasing_a_large_document_deletes_its_blobs_and_their_references() throws Exception {
        ApiClient alice = as(user("alice"));
        ApiClient admin = admin();
        String id = createDocument(alice, "To erase", "x");
        String text = text(900_000, 11);
        raw(alice, "PUT", "/api/documents/" + id + "/content", text, "\"1\"", null);
        assertThat(alice.post("/api/documents/" + id + "/publish", null).status()).isEqualTo(201);
        awaitOk(admin, "/api/admin/processors/published-objects", p -> p.get("lagEvents").asLong() == 0,
                Duration.ofSeconds(20));
        int chunks = lastStored(id).chunks().size();
        Path documentDirectory = ((FileSystemBlobStore) blobs).directory().resolve(DocumentBlobs.prefix(id));
        assertThat(documentDirectory).isDirectory();

        ApiClient.Response requested = admin.delete("/api/admin/subjects/documents/" + id);
        assertThat(requested.status()).as("%s", requested).isEqualTo(202);
        JsonNode erasure = awaitOk(admin, "/api/admin/erasures/" + requested.body().get("id").asText(),
                e -> e.get("status").asText().equals("completed"), Duration.ofSeconds(30));

        JsonNode blobStep = null;
        for (JsonNode step : erasure.get("steps")) {
            if (step.get("store").asText().equals("blobs")) {
                blobStep = step;
            }
        }
        assertThat(blobStep).as("steps %s", erasure.get("steps")).isNotNull();
        assertThat(blobStep.get("erased").asLong()).isEqualTo(chunks + 1);
        assertThat(documentDirectory).doesNotExist();
        for (String table : List.of("blob_references", "published_objects")) {
            assertThat(jdbc.sql("SELECT count(*) FROM " + table + " WHERE document_id = :id").param("id", id)
                    .query(Long.class).single()).as(table).isZero();
        }
        assertThat(raw(alice, "GET", "/api/documents/" + id + "/content", null, null, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void content_stored_before_encryption_is_still_served_from_the_shared_layout() throws Exception {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Old", "x");
        String text = text(1_200_000, 10);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        raw(alice, "PUT", "/api/documents/" + id + "/content", text, "\"1\"", null);
        // As it was before: every chunk in plaintext under its shared content address, nothing in the document's.
        for (ChunkRef chunk : lastStored(id).chunks()) {
            try (InputStream plain = documentBlobs.open(id, DocumentBlobs.Kind.CHUNK, chunk.sha256())) {
                BlobRef legacy = blobs.put(plain, chunk.size());
                assertThat(legacy.key()).isEqualTo(BlobKeys.forSha256(chunk.sha256()));
                assertThat(legacy.encrypted()).isFalse();
            }
        }
        assertThat(documentBlobs.eraseDocument(id)).isEqualTo(lastStored(id).chunks().size());

        HttpResponse<String> whole = raw(alice, "GET", "/api/documents/" + id + "/content", null, null, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(text);
        assertThat(whole.headers().firstValue("ETag")).contains("\"" + sha256(text) + "\"");
        HttpResponse<byte[]> range = ranged(alice, id, "bytes=900000-900099");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 900_000, 900_100));
    }

    private ApiClient admin() {
        return as(user("root"), "admin");
    }

    private DocumentContentStored lastStored(String id) {
        DocumentContentStored last = null;
        var events = eventStore.readEvents(id);
        while (events.hasNext()) {
            if (events.next().getPayload() instanceof DocumentContentStored stored) {
                last = stored;
            }
        }
        return last;
    }

    private HttpResponse<byte[]> ranged(ApiClient client, String id, String range) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/documents/" + id
                        + "/content")).header("Authorization", "Bearer " + client.token()).header("Range", range).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> raw(ApiClient client, String method, String path, String body, String ifMatch,
                                     String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + client.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "text/plain; charset=utf-8");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Pseudo-random prose of about {@code bytes} UTF-8 bytes, with multi-byte characters. */
    private static String text(int bytes, long seed) {
        String[] words = {"alpha", "beta", "gamma", "delta", "épsilon", "zeta", "ēta", "θeta", "iota", "kappa", "中文",
                "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau"};
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(bytes + 16);
        int length = 0;
        while (length < bytes) {
            String word = words[random.nextInt(words.length)];
            text.append(word).append(random.nextInt(12) == 0 ? '\n' : ' ');
            length += word.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return text.toString();
    }

    private static String sha256String(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
