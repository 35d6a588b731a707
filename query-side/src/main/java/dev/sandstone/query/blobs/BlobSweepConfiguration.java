package dev.sandstone.query.blobs;

import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.blob.DocumentBlobs;
import dev.sandstone.platform.jobs.PeriodicJob;
import dev.sandstone.query.erasure.ErasureStep;
import dev.sandstone.query.processors.ProcessorControl;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BlobSweepProperties.class)
class BlobSweepConfiguration {

    @Bean
    BlobSweep blobSweep(BlobStore blobs, JdbcClient jdbc, ProcessorControl processors, BlobSweepProperties properties) {
        return new BlobSweep(blobs, jdbc, processors, properties, Clock.systemUTC());
    }

    @Bean
    DocumentBlobErasure documentBlobErasure(DocumentBlobs blobs, JdbcClient jdbc) {
        return new DocumentBlobErasure(blobs, jdbc);
    }

    /** The blob store's part in an erasure: a document's key space; blobs hold no user's data. */
    @Bean
    ErasureStep blobErasure(DocumentBlobErasure erasure) {
        return ErasureStep.of("blobs", "blobs deleted from the document's key space (chunks and published objects), "
                + "with their references", erasure::eraseDocument, userId -> 0);
    }

    @Bean
    PeriodicJob blobSweepJob(BlobSweep sweep, BlobSweepProperties properties) {
        return new PeriodicJob("blob-sweep", properties.interval(), sweep::sweepQuietly);
    }
}
