package dev.sandstone.platform.blob.s3;

import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.blob.BlobStoreProperties;
import dev.sandstone.platform.blob.Compression;
import dev.sandstone.platform.blob.DocumentBlobsBehaviour;
import dev.sandstone.platform.test.TestS3;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/** Documents' encrypted contents in S3 objects (S3Proxy): the raw objects are what is checked. */
class S3DocumentBlobsTest extends DocumentBlobsBehaviour {

    private static BlobStoreProperties.S3 settings;
    private static S3BlobStore store;

    @BeforeAll
    static void bucket() {
        settings = TestS3.shared().properties(TestS3.newBucketName(), Map.of()).s3();
        store = new S3BlobStore(settings, Compression.GZIP);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected byte[] storedBytes(String key) {
        try (S3Client raw = S3BlobStore.client(settings)) {
            return raw.getObjectAsBytes(request -> request.bucket(settings.bucket()).key(key)).asByteArray();
        }
    }

    @Override
    protected void copyStored(String fromKey, String toKey) {
        try (S3Client raw = S3BlobStore.client(settings)) {
            raw.copyObject(request -> request.sourceBucket(settings.bucket()).sourceKey(fromKey)
                    .destinationBucket(settings.bucket()).destinationKey(toKey));
        }
    }
}
