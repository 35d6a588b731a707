package dev.sandstone.platform.blob.s3;

import dev.sandstone.platform.blob.BlobCorruptedException;
import dev.sandstone.platform.blob.BlobKeys;
import dev.sandstone.platform.blob.BlobNotFoundException;
import dev.sandstone.platform.blob.BlobRef;
import dev.sandstone.platform.blob.BlobStoreProperties;
import dev.sandstone.platform.blob.BlobStoreProperties.ServerSideEncryption;
import dev.sandstone.platform.blob.BlobStoreUnavailableException;
import dev.sandstone.platform.blob.Compression;
import dev.sandstone.platform.blob.ContentAddressedBlobStore;
import dev.sandstone.platform.blob.StagedContent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs as objects in an S3 bucket (AWS S3 or any S3-compatible service: MinIO, S3Proxy, Ceph), through the AWS SDK's
 * synchronous client on the JDK's HTTP connection.
 * <p>
 * Each object carries its blob's description as user metadata ({@code x-amz-meta-sha256}, {@code -size},
 * {@code -compression}, and {@code -encryption} when the stored bytes are encrypted), so a {@code HEAD} tells everything. A put stages the content locally (its key is its hash,
 * known only at the end), then uploads it in one request or, above {@code part-size}, as a multipart upload that is
 * aborted if any part fails; S3 checks each request's CRC32 checksum, so no byte changes in transit unnoticed. Before a
 * put returns, a {@code HEAD} checks the stored length and description. Objects become visible only when complete.
 * <p>
 * Blobs stored as they are (export archives) can be handed out as pre-signed GET URLs ({@link #downloadUrl}), signed
 * with the same credentials for {@code public-endpoint} (default: {@code endpoint}).
 * <p>
 * Unreachable service, time-outs, refused credentials, a missing bucket and server errors are all
 * {@link BlobStoreUnavailableException}; the SDK retries transient failures itself within {@code api-call-timeout}.
 */
public class S3BlobStore extends ContentAddressedBlobStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final String SHA256 = "sha256";
    private static final String SIZE = "size";
    private static final String COMPRESSION = "compression";
    private static final String ENCRYPTION = "encryption";
    /** The value of {@code x-amz-meta-encryption} on encrypted blobs (compressed, then AES-256-GCM in segments). */
    static final String ENCRYPTED = "aes256gcm-stream";
    /** Most keys one DeleteObjects request may name. */
    private static final int DELETE_BATCH = 1000;

    private final S3Client client;
    private final S3Presigner presigner;
    private final BlobStoreProperties.S3 settings;
    private final String bucket;
    private final long partSize;
    private final Path stagingDirectory;
    private volatile boolean bucketEnsured;

    /** A store with its own client, configured from {@code settings}; closing the store closes the client. */
    public S3BlobStore(BlobStoreProperties.S3 settings, Compression compression) {
        this(client(settings), settings, compression);
    }

    /** A store on a given client (tests add interceptors to it); closing the store closes the client. */
    public S3BlobStore(S3Client client, BlobStoreProperties.S3 settings, Compression compression) {
        super(compression);
        this.client = client;
        this.presigner = presigner(settings);
        this.settings = settings;
        this.bucket = settings.bucket();
        this.partSize = settings.partSize().toBytes();
        this.stagingDirectory = settings.stagingDirectory() != null ? settings.stagingDirectory()
                : Path.of(System.getProperty("java.io.tmpdir"));
        this.bucketEnsured = !settings.createBucket();
        if (settings.createBucket()) {
            try {
                ensureBucket();
            } catch (BlobStoreUnavailableException e) {
                log.warn("Cannot create bucket {} now; will try again before the first write: {}", bucket, e.reason());
            }
        }
    }

    /** The SDK client for {@code settings}: endpoint, region, addressing, credentials, time-outs. */
    public static S3Client client(BlobStoreProperties.S3 settings, ExecutionInterceptor... interceptors) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout()))
                .overrideConfiguration(override -> {
                    override.apiCallTimeout(settings.apiCallTimeout())
                            .apiCallAttemptTimeout(settings.apiCallAttemptTimeout());
                    for (ExecutionInterceptor interceptor : interceptors) {
                        override.addExecutionInterceptor(interceptor);
                    }
                });
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /** Signs download URLs as the client signs requests, for the endpoint clients reach. */
    private static S3Presigner presigner(BlobStoreProperties.S3 settings) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        URI endpoint = settings.publicEndpoint() != null ? settings.publicEndpoint() : settings.endpoint();
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(BlobStoreProperties.S3 settings) {
        if (settings.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(),
                    settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public Optional<BlobRef> head(String key) {
        BlobKeys.requireValid(key);
        try {
            HeadObjectResponse response = client.headObject(request -> request.bucket(bucket).key(key));
            return Optional.of(describe(key, response.metadata(), response.contentLength()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("HEAD " + key, e);
        }
    }

    /**
     * A pre-signed GET of a blob stored as it is ({@link #putAsIs}: neither compressed nor encrypted, so the URL serves
     * its bytes unchanged), answered as an attachment called {@code fileName}. A HEAD checks that first.
     */
    @Override
    public Optional<URI> downloadUrl(String key, Duration lifetime, String fileName) {
        BlobRef ref = head(key).orElseThrow(() -> new BlobNotFoundException(key));
        if (ref.compression() != Compression.NONE || ref.encrypted()) {
            throw new IllegalArgumentException("Blob " + key + " is stored " + ref.compression().id()
                    + (ref.encrypted() ? ", encrypted" : "") + ": a download URL would not serve its content");
        }
        String disposition = "attachment; filename=\"" + fileName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"";
        try {
            return Optional.of(presigner.presignGetObject(presign -> presign.signatureDuration(lifetime)
                    .getObjectRequest(get -> get.bucket(bucket).key(key).responseContentDisposition(disposition)))
                    .url().toURI());
        } catch (SdkException e) {
            throw failure("PRESIGN " + key, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The pre-signed URL of " + key + " is not a URI", e);
        }
    }

    @Override
    public boolean delete(String key) {
        BlobKeys.requireValid(key);
        try {
            // S3 answers a DELETE alike whether or not the object existed; the HEAD tells (whatever its metadata).
            client.headObject(request -> request.bucket(bucket).key(key));
            client.deleteObject(request -> request.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException e) {
            throw failure("DELETE " + key, e);
        }
    }

    @Override
    public long deleteAll(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("A prefix to delete must end with /: " + prefix);
        }
        long deleted = 0;
        try {
            List<ObjectIdentifier> batch = new ArrayList<>(DELETE_BATCH);
            for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
                    .contents()) {
                batch.add(ObjectIdentifier.builder().key(object.key()).build());
                if (batch.size() == DELETE_BATCH) {
                    deleted += deleteBatch(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                deleted += deleteBatch(batch);
            }
        } catch (SdkException e) {
            throw failure("DELETE " + prefix + "*", e);
        }
        return deleted;
    }

    private int deleteBatch(List<ObjectIdentifier> keys) {
        DeleteObjectsResponse response = client.deleteObjects(request -> request.bucket(bucket)
                .delete(delete -> delete.objects(keys).quiet(false)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            S3Error first = response.errors().get(0);
            String message = where() + ": DELETE of " + response.errors().size() + " of " + keys.size()
                    + " objects failed, e.g. " + first.key() + ": " + first.code() + " " + first.message();
            boolean outage = response.errors().stream().anyMatch(error -> List.of("InternalError", "SlowDown",
                    "ServiceUnavailable").contains(error.code()));
            throw outage ? new BlobStoreUnavailableException(message, null) : new IllegalStateException(message);
        }
        return response.deleted().size();
    }

    @Override
    public Stream<String> keysOlderThan(String prefix, Instant cutoff) {
        BlobKeys.requireValidPrefix(prefix);
        try {
            Stream<software.amazon.awssdk.services.s3.model.S3Object> objects = client
                    .listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
                    .contents().stream();
            return translatingFailures(objects, e -> e instanceof SdkException sdk ? failure("LIST " + prefix, sdk) : e)
                    .filter(object -> object.lastModified().isBefore(cutoff))
                    .map(software.amazon.awssdk.services.s3.model.S3Object::key)
                    .filter(BlobKeys::isValid);
        } catch (SdkException e) {
            throw failure("LIST " + prefix, e);
        }
    }

    @Override
    public Map<String, Object> check() {
        try {
            client.headBucket(request -> request.bucket(bucket));
        } catch (SdkException e) {
            throw failure("HEAD bucket", e);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", "s3");
        details.put("endpoint", settings.endpoint() == null ? "aws:" + settings.region() : settings.endpoint().toString());
        details.put("bucket", bucket);
        details.put("compression", compression().id());
        return details;
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }

    @Override
    protected Path stagingFile() {
        return stagingDirectory.resolve("sandstone-blob-" + UUID.randomUUID() + ".tmp");
    }

    @Override
    protected void store(StagedContent staged) {
        BlobRef ref = staged.ref();
        if (!bucketEnsured) {
            ensureBucket();
        }
        try {
            if (ref.storedSize() <= partSize) {
                client.putObject(request -> request.bucket(bucket).key(ref.key()).contentType(CONTENT_TYPE)
                                .metadata(metadata(ref)).serverSideEncryption(sse()).ssekmsKeyId(kmsKeyId()),
                        RequestBody.fromFile(staged.file()));
            } else {
                uploadInParts(staged, ref);
            }
        } catch (SdkException e) {
            throw failure("PUT " + ref.key(), e);
        }
        BlobRef written = head(ref.key()).orElseThrow(() -> new BlobCorruptedException(
                "Blob " + ref.key() + " is missing right after it was written"));
        if (!written.equals(ref)) {
            delete(ref.key());
            throw new BlobCorruptedException("Blob " + ref.key() + " was stored as " + written + ", not " + ref);
        }
    }

    private void uploadInParts(StagedContent staged, BlobRef ref) {
        String uploadId = client.createMultipartUpload(request -> request.bucket(bucket).key(ref.key())
                .contentType(CONTENT_TYPE).metadata(metadata(ref)).checksumAlgorithm(ChecksumAlgorithm.CRC32)
                .serverSideEncryption(sse()).ssekmsKeyId(kmsKeyId())).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < ref.storedSize(); offset += partSize) {
                long position = offset;
                long length = Math.min(partSize, ref.storedSize() - offset);
                int number = parts.size() + 1;
                UploadPartResponse part = client.uploadPart(request -> request.bucket(bucket).key(ref.key())
                                .uploadId(uploadId).partNumber(number).contentLength(length)
                                .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                        RequestBody.fromContentProvider(() -> openStaged(staged, position, length), length,
                                CONTENT_TYPE));
                parts.add(CompletedPart.builder().partNumber(number).eTag(part.eTag())
                        .checksumCRC32(part.checksumCRC32()).build());
            }
            client.completeMultipartUpload(request -> request.bucket(bucket).key(ref.key()).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (RuntimeException e) {
            abort(ref.key(), uploadId, e);
            throw e;
        }
    }

    private static InputStream openStaged(StagedContent staged, long position, long length) {
        try {
            return staged.openStored(position, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Best effort: a failed abort leaves parts that a bucket lifecycle rule for incomplete uploads removes. */
    private void abort(String key, String uploadId, RuntimeException failure) {
        try {
            client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            failure.addSuppressed(e);
            log.warn("Cannot abort multipart upload {} of {}: {}", uploadId, key, e.toString());
        }
    }

    /** S3 has no touch: the object is copied onto itself, which sets its last-modified time. */
    @Override
    protected boolean touch(BlobRef ref) {
        try {
            client.copyObject(request -> request.sourceBucket(bucket).sourceKey(ref.key())
                    .destinationBucket(bucket).destinationKey(ref.key())
                    .metadataDirective(MetadataDirective.REPLACE).metadata(metadata(ref)).contentType(CONTENT_TYPE)
                    .serverSideEncryption(sse()).ssekmsKeyId(kmsKeyId()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException e) {
            throw failure("COPY " + ref.key(), e);
        }
    }

    @Override
    protected InputStream openStored(BlobRef ref, long offset, long length) {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        boolean whole = offset == 0 && length == ref.storedSize();
        String range = whole ? null : "bytes=" + offset + "-" + (offset + length - 1);
        try {
            return new AbortOnEarlyClose(client.getObject(request -> request.bucket(bucket).key(ref.key())
                    .range(range)));
        } catch (NoSuchKeyException e) {
            throw new BlobNotFoundException(ref.key());
        } catch (SdkException e) {
            throw failure("GET " + ref.key(), e);
        }
    }

    @Override
    protected BlobStoreUnavailableException unavailable(String operation, Exception cause) {
        return new BlobStoreUnavailableException(where() + ": " + operation + " failed: " + cause, cause);
    }

    private void ensureBucket() {
        try {
            client.headBucket(request -> request.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failure("HEAD bucket", e);
            }
            try {
                client.createBucket(request -> request.bucket(bucket));
                log.info("Created bucket {} at {}", bucket, where());
            } catch (SdkException createFailure) {
                throw failure("CREATE bucket", createFailure);
            }
        } catch (SdkException e) {
            throw failure("HEAD bucket", e);
        }
        bucketEnsured = true;
    }

    /** What an SDK failure means for callers: the store is unavailable, or we have a bug. */
    private RuntimeException failure(String operation, SdkException e) {
        String reason;
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (status == 401 || status == 403) {
                reason = "S3 refused our credentials (HTTP " + status + (code == null ? "" : ", " + code) + ")";
            } else if (e instanceof NoSuchBucketException || "NoSuchBucket".equals(code)) {
                reason = "the bucket does not exist";
            } else if (status >= 500 || status == 429) {
                reason = "S3 answered HTTP " + status;
            } else {
                return new IllegalStateException(where() + ": " + operation + " was rejected (HTTP " + status + ", "
                        + code + "): " + e.getMessage(), e);
            }
        } else if (e instanceof SdkClientException) {
            reason = "S3 cannot be reached";
        } else {
            return new IllegalStateException(where() + ": " + operation + " failed: " + e.getMessage(), e);
        }
        return new BlobStoreUnavailableException(where() + ": " + operation + ": " + reason + " (" + e.getMessage()
                + ")", e);
    }

    private String where() {
        return "S3 bucket " + bucket + " at " + (settings.endpoint() == null ? "AWS " + settings.region()
                : settings.endpoint());
    }

    private static Map<String, String> metadata(BlobRef ref) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(SHA256, ref.sha256());
        metadata.put(SIZE, Long.toString(ref.size()));
        metadata.put(COMPRESSION, ref.compression().id());
        if (ref.encrypted()) {
            metadata.put(ENCRYPTION, ENCRYPTED);
        }
        return metadata;
    }

    private static BlobRef describe(String key, Map<String, String> metadata, Long storedSize) {
        try {
            String encryption = metadata.get(ENCRYPTION);
            if (encryption != null && !encryption.equals(ENCRYPTED)) {
                throw new IllegalArgumentException("unknown encryption " + encryption);
            }
            // The key must end with the described SHA-256 (checked by BlobRef): an object copied to another key fails.
            return new BlobRef(key, Long.parseLong(metadata.get(SIZE)), metadata.get(SHA256),
                    Compression.fromId(metadata.get(COMPRESSION)), storedSize == null ? 0 : storedSize,
                    encryption != null);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BlobCorruptedException("Object " + key + " lacks a valid blob description: " + metadata, e);
        }
    }

    private software.amazon.awssdk.services.s3.model.ServerSideEncryption sse() {
        return switch (settings.serverSideEncryption()) {
            case NONE -> null;
            case AES256 -> software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256;
            case AWS_KMS -> software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS;
        };
    }

    private String kmsKeyId() {
        return settings.serverSideEncryption() == ServerSideEncryption.AWS_KMS ? settings.kmsKeyId() : null;
    }

    /**
     * Closing a response stream before its end would make the HTTP client read the rest to reuse the connection;
     * a reader that stops early (a range of a compressed blob, a failed check) aborts the connection instead.
     */
    private static final class AbortOnEarlyClose extends FilterInputStream {

        private final ResponseInputStream<GetObjectResponse> response;
        private long remaining;

        AbortOnEarlyClose(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
            Long length = response.response().contentLength();
            this.remaining = length == null ? Long.MAX_VALUE : length;
        }

        @Override
        public int read() throws IOException {
            int read = super.read();
            remaining = read < 0 ? 0 : remaining - 1;
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            remaining = read < 0 ? 0 : remaining - read;
            return read;
        }

        @Override
        public long skip(long count) throws IOException {
            long skipped = super.skip(count);
            remaining -= skipped;
            return skipped;
        }

        @Override
        public void close() throws IOException {
            if (remaining > 0) {
                response.abort();
            }
            super.close();
        }
    }
}
