package dev.sandstone.platform.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.platform.blob.BlobKeys;
import dev.sandstone.platform.blob.BlobNotFoundException;
import dev.sandstone.platform.blob.BlobRef;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.blob.BlobStoreBehaviour;
import dev.sandstone.platform.blob.BlobStoreHealthIndicator;
import dev.sandstone.platform.blob.BlobStoreProperties;
import dev.sandstone.platform.blob.BlobStoreUnavailableException;
import dev.sandstone.platform.blob.ByteRange;
import dev.sandstone.platform.blob.Compression;
import dev.sandstone.platform.test.TestS3;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The S3 adapter on a real S3 server (S3Proxy, which checks request signatures as AWS does). */
class S3BlobStoreTest extends BlobStoreBehaviour {

    private static final String FIVE_MB = "5MB";

    private static TestS3 s3;
    private static String bucket;

    private final Map<Compression, S3BlobStore> stores = new EnumMap<>(Compression.class);
    private final List<S3BlobStore> others = new ArrayList<>();

    @BeforeAll
    static void startS3() {
        s3 = TestS3.shared();
        bucket = TestS3.newBucketName();
    }

    @AfterEach
    void closeStoresAndRestartS3() {
        stores.values().forEach(S3BlobStore::close);
        others.forEach(S3BlobStore::close);
        s3.start();
    }

    @Override
    protected BlobStore store(Compression compression) {
        return stores.computeIfAbsent(compression, c -> new S3BlobStore(settings(Map.of()), c));
    }

    @Override
    protected void corrupt(BlobRef ref) {
        try (S3Client raw = S3BlobStore.client(settings(Map.of()))) {
            HeadObjectResponse head = raw.headObject(request -> request.bucket(bucket).key(ref.key()));
            byte[] stored = raw.getObjectAsBytes(request -> request.bucket(bucket).key(ref.key())).asByteArray();
            stored[stored.length / 2] ^= 0x20;
            raw.putObject(request -> request.bucket(bucket).key(ref.key()).metadata(head.metadata()),
                    RequestBody.fromBytes(stored));
        }
    }

    @Override
    protected byte[] storedBytes(BlobRef ref) {
        try (S3Client raw = S3BlobStore.client(settings(Map.of()))) {
            return raw.getObjectAsBytes(request -> request.bucket(bucket).key(ref.key())).asByteArray();
        }
    }

    @Override
    protected Duration timeResolution() {
        return Duration.ofMillis(1_100);
    }

    @Test
    void an_encrypted_blob_says_so_in_its_metadata() {
        byte[] content = prose(2_000);
        String sha = sha256(content);

        store().put("sealed/" + sha, sha, new ByteArrayInputStream(content), content.length, seal("metadata"));

        try (S3Client raw = S3BlobStore.client(settings(Map.of()))) {
            assertThat(raw.headObject(request -> request.bucket(bucket).key("sealed/" + sha)).metadata())
                    .containsEntry("sha256", sha).containsEntry("compression", "gzip")
                    .containsEntry("encryption", "aes256gcm-stream");
        }
    }

    @Test
    void uploads_content_larger_than_the_part_size_in_parts() throws IOException {
        Recorder recorder = new Recorder(false);
        BlobStoreProperties.S3 settings = settings(Map.of());
        S3BlobStore store = other(new S3BlobStore(S3BlobStore.client(settings, recorder), settings, Compression.NONE));
        byte[] content = random(12 * 1024 * 1024);

        BlobRef ref = store.put(new ByteArrayInputStream(content), content.length);

        assertThat(recorder.operations).containsSubsequence("CreateMultipartUploadRequest", "UploadPartRequest",
                "UploadPartRequest", "UploadPartRequest", "CompleteMultipartUploadRequest");
        assertThat(recorder.operations).filteredOn("UploadPartRequest"::equals).hasSize(3);
        assertThat(sha256(read(store.get(ref.key())))).isEqualTo(ref.sha256());
    }

    @Test
    void a_blob_put_as_is_downloads_through_its_pre_signed_url_with_a_plain_http_client() throws Exception {
        byte[] content = random(300_000);
        String key = "exports/presigned/" + sha256(content);
        store().putAsIs(key, sha256(content), new ByteArrayInputStream(content), content.length);

        URI url = store().downloadUrl(key, Duration.ofMinutes(5), "export.zip").orElseThrow();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(url.toString()).startsWith(s3.endpoint()).contains("X-Amz-Signature=", "X-Amz-Expires=300");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).contains("attachment", "export.zip"));
    }

    @Test
    void a_tampered_or_expired_pre_signed_url_is_refused_by_s3() throws Exception {
        byte[] content = prose(2_000);
        String key = "exports/refused/" + sha256(content);
        store().putAsIs(key, sha256(content), new ByteArrayInputStream(content), content.length);
        HttpClient http = HttpClient.newHttpClient();

        URI expiring = store().downloadUrl(key, Duration.ofSeconds(1), "export.zip").orElseThrow();
        URI tampered = URI.create(store().downloadUrl(key, Duration.ofMinutes(5), "export.zip").orElseThrow()
                .toString().replace("exports/refused/", "exports/refuseD/"));
        Thread.sleep(2_100);

        assertThat(http.send(HttpRequest.newBuilder(expiring).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(403);
        assertThat(http.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(403);
    }

    @Test
    void pre_signed_urls_name_the_public_endpoint_and_only_blobs_stored_as_they_are_get_one() {
        S3BlobStore store = other(new S3BlobStore(settings(Map.of(
                "sandstone.blobs.s3.public-endpoint", "https://files.example.test")), Compression.GZIP));
        byte[] content = prose(5_000);
        String asIs = "exports/public/" + sha256(content);
        store.putAsIs(asIs, sha256(content), new ByteArrayInputStream(content), content.length);
        BlobRef compressed = store.put(new ByteArrayInputStream(content), content.length);

        Optional<URI> url = store.downloadUrl(asIs, Duration.ofMinutes(15), "x.zip");

        assertThat(url).hasValueSatisfying(u -> assertThat(u.toString())
                .startsWith("https://files.example.test/" + bucket + "/" + asIs + "?"));
        assertThatThrownBy(() -> store.downloadUrl(compressed.key(), Duration.ofMinutes(15), "x"))
                .as("a compressed blob's URL would serve gzip").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.downloadUrl("exports/none/" + sha256(prose(7)), Duration.ofMinutes(15), "x"))
                .isInstanceOf(BlobNotFoundException.class);
    }

    /** S3Proxy refuses SSE headers (501), so the recorder takes them off each request after noting it. */
    @Test
    void asks_for_server_side_encryption_on_every_write_when_configured() {
        Recorder recorder = new Recorder(true);
        BlobStoreProperties.S3 settings = settings(Map.of(
                "sandstone.blobs.s3.server-side-encryption", "aws:kms",
                "sandstone.blobs.s3.kms-key-id", "alias/sandstone-test"));
        S3BlobStore store = other(new S3BlobStore(S3BlobStore.client(settings, recorder), settings, Compression.NONE));

        byte[] small = prose(1_000);
        store.put(new ByteArrayInputStream(small), small.length);
        store.put(new ByteArrayInputStream(random(6 * 1024 * 1024)), 6 * 1024 * 1024);
        store.put(new ByteArrayInputStream(small), small.length);

        List<SdkHttpRequest> writes = recorder.requests("PutObjectRequest", "CreateMultipartUploadRequest",
                "CopyObjectRequest");
        assertThat(writes).hasSize(3).allSatisfy(request -> {
            assertThat(request.firstMatchingHeader("x-amz-server-side-encryption")).contains("aws:kms");
            assertThat(request.firstMatchingHeader("x-amz-server-side-encryption-aws-kms-key-id"))
                    .contains("alias/sandstone-test");
        });
    }

    @Test
    void wrong_credentials_fail_at_once_as_unavailable() {
        store().put(new ByteArrayInputStream(prose(100)), 100);
        S3BlobStore wrong = other(new S3BlobStore(settings(Map.of(
                "sandstone.blobs.s3.secret-key", "not-the-secret",
                "sandstone.blobs.s3.create-bucket", "false")), Compression.GZIP));
        long started = System.nanoTime();

        assertThatThrownBy(() -> wrong.put(new ByteArrayInputStream(prose(100)), 100))
                .isInstanceOfSatisfying(BlobStoreUnavailableException.class, e ->
                        assertThat(e.reason()).contains("refused our credentials", "403"));
        assertThatThrownBy(() -> wrong.head(BlobKeys.forSha256("0".repeat(64))))
                .isInstanceOf(BlobStoreUnavailableException.class);
        assertThat(new BlobStoreHealthIndicator(wrong).health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_missing_bucket_is_created_only_when_configured() {
        String missing = TestS3.newBucketName();
        S3BlobStore without = other(new S3BlobStore(s3.properties(missing, Map.of(
                "sandstone.blobs.s3.create-bucket", "false")).s3(), Compression.GZIP));

        assertThatThrownBy(() -> without.put(new ByteArrayInputStream(prose(100)), 100))
                .isInstanceOfSatisfying(BlobStoreUnavailableException.class, e ->
                        assertThat(e.reason()).contains("bucket does not exist"));
        assertThat(new BlobStoreHealthIndicator(without).health().getStatus()).isEqualTo(Status.DOWN);

        S3BlobStore with = other(new S3BlobStore(s3.properties(missing, Map.of()).s3(), Compression.GZIP));
        BlobRef ref = with.put(new ByteArrayInputStream(prose(100)), 100);
        assertThat(without.exists(ref.key())).isTrue();
        assertThat(new BlobStoreHealthIndicator(without).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void an_outage_fails_operations_as_unavailable_within_the_timeout_and_they_work_again_after_it() throws IOException {
        Duration apiCallTimeout = Duration.ofSeconds(3);
        S3BlobStore store = other(new S3BlobStore(settings(Map.of(
                "sandstone.blobs.s3.connect-timeout", "1s",
                "sandstone.blobs.s3.api-call-timeout", apiCallTimeout.toSeconds() + "s")), Compression.GZIP));
        byte[] before = prose(50_000);
        BlobRef stored = store.put(new ByteArrayInputStream(before), before.length);
        byte[] during = prose(50_000);

        s3.stop();

        long started = System.nanoTime();
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(during), during.length))
                .isInstanceOfSatisfying(BlobStoreUnavailableException.class, e ->
                        assertThat(e.reason()).contains("cannot be reached"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(apiCallTimeout.plusSeconds(1));
        assertThatThrownBy(() -> store.get(stored.key())).isInstanceOf(BlobStoreUnavailableException.class);
        assertThatThrownBy(() -> store.get(stored.key(), ByteRange.of(0, 10)))
                .isInstanceOf(BlobStoreUnavailableException.class);
        assertThat(new BlobStoreHealthIndicator(store).health().getStatus()).isEqualTo(Status.DOWN);

        s3.start();

        assertThat(read(store.get(stored.key()))).isEqualTo(before);
        BlobRef after = store.put(new ByteArrayInputStream(during), during.length);
        assertThat(read(store.get(after.key()))).isEqualTo(during);
        assertThat(new BlobStoreHealthIndicator(store).health().getStatus()).isEqualTo(Status.UP);
    }

    private BlobStoreProperties.S3 settings(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(Map.of("sandstone.blobs.s3.part-size", FIVE_MB));
        all.putAll(overrides);
        return s3.properties(bucket, all).s3();
    }

    private S3BlobStore other(S3BlobStore store) {
        others.add(store);
        return store;
    }

    /**
     * Records each request the store makes (the SDK request's class name and the HTTP request), optionally removing
     * the server-side encryption headers afterwards (before signing).
     */
    private static final class Recorder implements ExecutionInterceptor {

        private static final List<String> SSE_HEADERS = List.of("x-amz-server-side-encryption",
                "x-amz-server-side-encryption-aws-kms-key-id");

        final List<String> operations = new CopyOnWriteArrayList<>();
        final List<SdkHttpRequest> httpRequests = new CopyOnWriteArrayList<>();
        private final boolean removeEncryptionHeaders;

        Recorder(boolean removeEncryptionHeaders) {
            this.removeEncryptionHeaders = removeEncryptionHeaders;
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            operations.add(context.request().getClass().getSimpleName());
            httpRequests.add(context.httpRequest());
            if (!removeEncryptionHeaders) {
                return context.httpRequest();
            }
            SdkHttpRequest.Builder request = context.httpRequest().toBuilder();
            SSE_HEADERS.forEach(request::removeHeader);
            return request.build();
        }

        List<SdkHttpRequest> requests(String... operationNames) {
            List<String> wanted = List.of(operationNames);
            List<SdkHttpRequest> matching = new ArrayList<>();
            for (int i = 0; i < operations.size(); i++) {
                if (wanted.contains(operations.get(i))) {
                    matching.add(httpRequests.get(i));
                }
            }
            return matching;
        }
    }
}
