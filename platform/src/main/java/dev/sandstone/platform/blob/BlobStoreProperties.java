package dev.sandstone.platform.blob;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sandstone.blobs.*}: where large contents are stored (see {@link BlobStore}; every key is listed in
 * {@code docs/operations.md}).
 *
 * @param store       {@code filesystem} (the default; blobs under {@code filesystem.directory}) or {@code s3}
 * @param compression how new blobs are stored: {@code gzip} (default), {@code zstd} or {@code none}; blobs written
 *                    under another setting stay readable
 * @param filesystem  the file system store
 * @param s3          the S3 store (any S3-compatible service)
 */
@ConfigurationProperties("sandstone.blobs")
@Validated
public record BlobStoreProperties(@DefaultValue("filesystem") @NotNull Store store,
                                  @DefaultValue("gzip") @NotNull Compression compression,
                                  @DefaultValue @NotNull @Valid FileSystem filesystem,
                                  @DefaultValue @NotNull @Valid S3 s3) {

    public enum Store { FILESYSTEM, S3 }

    /** Server-side encryption requested on every object written to S3. */
    public enum ServerSideEncryption {
        /** No header: the bucket's default encryption applies. */
        NONE,
        /** {@code AES256}: keys managed by S3 (SSE-S3). */
        AES256,
        /** {@code aws:kms}: keys in KMS (SSE-KMS), {@code kms-key-id} or the account's default key. */
        AWS_KMS
    }

    @AssertTrue(message = "sandstone.blobs.s3.bucket must be set when sandstone.blobs.store=s3")
    public boolean isBucketSetWhenS3() {
        return store != Store.S3 || (s3 != null && s3.bucket() != null && !s3.bucket().isBlank());
    }

    /**
     * @param directory where blob files live; created on the first write. The local default puts it under
     *                  {@code sandstone.data-dir}, beside the embedded PostgreSQL's data.
     */
    public record FileSystem(@DefaultValue("./.sandstone/blobs") @NotNull Path directory) {
    }

    /**
     * @param endpoint               the service's URL (MinIO, S3Proxy, another region's endpoint); unset: AWS's own
     *                               endpoint for {@code region}
     * @param region                 the signing region
     * @param bucket                 the bucket (required with {@code store=s3})
     * @param pathStyle              address the bucket as {@code endpoint/bucket/key} instead of a host name of its
     *                               own; most S3-compatible servers need it
     * @param accessKey              static credentials; unset: the AWS default chain (environment, system properties,
     *                               profile, container or instance role)
     * @param secretKey              the secret of {@code accessKey}
     * @param createBucket           create the bucket when missing (at start-up and again before the first write
     *                               if S3 was unreachable then); off in production, where buckets are provisioned
     * @param serverSideEncryption   {@code none}, {@code AES256} or {@code aws:kms}
     * @param kmsKeyId               the KMS key for {@code aws:kms} (unset: the account's S3 default key)
     * @param partSize               content stored larger than this is uploaded in parts of this size (at least 5MB,
     *                               the S3 minimum)
     * @param connectTimeout         to open a connection
     * @param readTimeout            the longest silence while reading or writing on a connection
     * @param apiCallAttemptTimeout  one attempt of one request (one part of an upload)
     * @param apiCallTimeout         one request with its retries: after this an operation fails with
     *                               {@link BlobStoreUnavailableException}
     * @param stagingDirectory       where content is staged before its upload (its key is known only once it is read
     *                               whole); unset: the JVM's temporary directory
     * @param publicEndpoint         the endpoint clients reach the bucket at, named in pre-signed download URLs (export
     *                               archives) when it differs from {@code endpoint} (which may be a name only the
     *                               service resolves); unset: {@code endpoint}
     */
    public record S3(URI endpoint,
                     @DefaultValue("us-east-1") @NotBlank String region,
                     String bucket,
                     @DefaultValue("false") boolean pathStyle,
                     String accessKey,
                     String secretKey,
                     @DefaultValue("false") boolean createBucket,
                     @DefaultValue("none") @NotNull ServerSideEncryption serverSideEncryption,
                     String kmsKeyId,
                     @DefaultValue("16MB") @NotNull DataSize partSize,
                     @DefaultValue("5s") @NotNull Duration connectTimeout,
                     @DefaultValue("30s") @NotNull Duration readTimeout,
                     @DefaultValue("60s") @NotNull Duration apiCallAttemptTimeout,
                     @DefaultValue("2m") @NotNull Duration apiCallTimeout,
                     Path stagingDirectory,
                     URI publicEndpoint) {

        /** The S3 minimum for every part but the last. */
        public static final DataSize MIN_PART_SIZE = DataSize.ofMegabytes(5);

        @AssertTrue(message = "sandstone.blobs.s3.access-key and secret-key must be set together")
        public boolean isCredentialsComplete() {
            return isBlank(accessKey) == isBlank(secretKey);
        }

        @AssertTrue(message = "sandstone.blobs.s3.kms-key-id needs server-side-encryption=aws:kms")
        public boolean isKmsKeyOnlyWithKms() {
            return isBlank(kmsKeyId) || serverSideEncryption == ServerSideEncryption.AWS_KMS;
        }

        @AssertTrue(message = "sandstone.blobs.s3.part-size must be at least 5MB")
        public boolean isPartSizeAllowed() {
            return partSize == null || partSize.compareTo(MIN_PART_SIZE) >= 0;
        }

        @AssertTrue(message = "sandstone.blobs.s3 timeouts must be positive")
        public boolean isTimeoutsPositive() {
            return Stream.of(connectTimeout, readTimeout, apiCallAttemptTimeout, apiCallTimeout)
                    .allMatch(timeout -> timeout == null || timeout.compareTo(Duration.ZERO) > 0);
        }

        /** Whether static credentials are configured. */
        public boolean hasStaticCredentials() {
            return !isBlank(accessKey);
        }

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", publicEndpoint=" + publicEndpoint + ", region=" + region + ", bucket=" + bucket + ", pathStyle=" + pathStyle
                    + ", accessKey=" + (accessKey == null ? null : "(set)") + ", secretKey=(hidden)"
                    + ", serverSideEncryption=" + serverSideEncryption + ", partSize=" + partSize + "]";
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }
    }
}
