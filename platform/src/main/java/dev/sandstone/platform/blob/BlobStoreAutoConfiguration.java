package dev.sandstone.platform.blob;

import dev.sandstone.platform.axon.AxonStorageConfiguration;
import dev.sandstone.platform.blob.filesystem.FileSystemBlobStore;
import dev.sandstone.platform.blob.s3.S3BlobStore;
import dev.sandstone.platform.resilience.ResilienceAutoConfiguration;
import dev.sandstone.platform.crypto.SubjectKeys;
import dev.sandstone.platform.resilience.StoreResilience;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The one {@link BlobStore} of an application, chosen by {@code sandstone.blobs.store} (file system by default), and
 * its health indicator {@code blobStore}. The indicator is in no probe group (the platform defaults put it in
 * {@code dependencies}): an unreachable blob store shows DOWN for operators but never takes the instance out of the
 * load balancer, since only large-document reads and writes need it (they answer 503 meanwhile). S3 sits behind the
 * {@code blobstore} circuit breaker (see {@link ResilientBlobStore}); the file system needs none. Over it,
 * {@link DocumentBlobs} keeps documents' contents encrypted under their subject keys.
 */
@AutoConfiguration(after = {ResilienceAutoConfiguration.class, AxonStorageConfiguration.class})
@EnableConfigurationProperties(BlobStoreProperties.class)
public class BlobStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(BlobStore.class)
    BlobStore blobStore(BlobStoreProperties properties, StoreResilience resilience) {
        return switch (properties.store()) {
            case FILESYSTEM -> new FileSystemBlobStore(properties.filesystem().directory(), properties.compression());
            case S3 -> new ResilientBlobStore(new S3BlobStore(properties.s3(), properties.compression()),
                    resilience.guardedWithClientRetries("blobstore", open -> new BlobStoreUnavailableException(
                            "circuit breaker blobstore is open: S3 failed too often recently", open)));
        };
    }

    /** Large documents' contents, encrypted per document; wherever the event store's subject keys are. */
    @Bean
    @ConditionalOnBean(SubjectKeys.class)
    @ConditionalOnMissingBean(DocumentBlobs.class)
    DocumentBlobs documentBlobs(BlobStore blobStore, SubjectKeys subjectKeys) {
        return new DocumentBlobs(blobStore, subjectKeys);
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("blobstore")
    BlobStoreHealthIndicator blobStoreHealthIndicator(BlobStore blobStore) {
        return new BlobStoreHealthIndicator(blobStore);
    }
}
