package dev.sandstone.platform.blob;

import dev.sandstone.platform.blob.filesystem.FileSystemBlobStore;
import dev.sandstone.platform.blob.s3.S3BlobStore;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The one {@link BlobStore} of an application, chosen by {@code sandstone.blobs.store} (file system by default), and
 * its health indicator {@code blobStore}. The indicator is in no probe group (the platform defaults put it in
 * {@code dependencies}): an unreachable blob store shows DOWN for operators but never takes the instance out of the
 * load balancer, since only large-document reads and writes need it (they answer 503 meanwhile).
 */
@AutoConfiguration
@EnableConfigurationProperties(BlobStoreProperties.class)
public class BlobStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(BlobStore.class)
    BlobStore blobStore(BlobStoreProperties properties) {
        return switch (properties.store()) {
            case FILESYSTEM -> new FileSystemBlobStore(properties.filesystem().directory(), properties.compression());
            case S3 -> new S3BlobStore(properties.s3(), properties.compression());
        };
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("blobstore")
    BlobStoreHealthIndicator blobStoreHealthIndicator(BlobStore blobStore) {
        return new BlobStoreHealthIndicator(blobStore);
    }
}
