package dev.sandstone.query.exports;

import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.crypto.MasterKeyRing;
import dev.sandstone.platform.jobs.PeriodicJob;
import dev.sandstone.platform.security.PublicEndpoint;
import dev.sandstone.query.erasure.ErasureStep;
import java.time.Clock;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Compliance exports: the {@value ExportRunner#GROUP} tracking processor (a segment per concurrent job, one event per
 * batch so each job commits on its own), the signing of local download links, the public download path (its
 * signature is its authorisation), the retention of archives and their part in erasures.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExportProperties.class)
class ExportsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ExportsConfiguration.class);

    @Autowired
    void exportsProcessor(EventProcessingConfigurer processing, ExportProperties properties) {
        if (properties.workerThreads() < properties.maxConcurrentJobs()) {
            log.warn("sandstone.exports.worker-threads ({}) < max-concurrent-jobs ({}): this instance runs only some "
                            + "of the export segments; exports in the others wait for another instance",
                    properties.workerThreads(), properties.maxConcurrentJobs());
        }
        processing.registerTrackingEventProcessor(ExportRunner.GROUP,
                configuration -> configuration.eventStore(),
                configuration -> TrackingEventProcessorConfiguration
                        .forParallelProcessing(properties.workerThreads())
                        .andInitialSegmentsCount(properties.maxConcurrentJobs())
                        .andBatchSize(1));
    }

    @Bean
    ExportLinks exportLinks(ExportProperties properties, MasterKeyRing masterKeys) {
        return new ExportLinks(new ExportSigningKey(properties, masterKeys), Clock.systemUTC());
    }

    @Bean
    PublicEndpoint exportArchiveDownloads() {
        return new PublicEndpoint(HttpMethod.GET, "/api/exports/*/archive");
    }

    @Bean
    ExportRetention exportRetention(ExportJobs jobs, BlobStore blobs, ExportProperties properties) {
        return new ExportRetention(jobs, blobs, properties.retention(), Clock.systemUTC());
    }

    /** Erasing a subject deletes the archives about it (they hold its data in plaintext). */
    @Bean
    ErasureStep exportErasure(ExportJobs jobs, BlobStore blobs) {
        ExportErasure erasure = new ExportErasure(jobs, blobs);
        return ErasureStep.of("exports", ExportErasure.DETAIL, erasure::eraseDocument, erasure::eraseUser);
    }

    @Bean
    PeriodicJob exportRetentionJob(ExportRetention retention, ExportProperties properties) {
        return new PeriodicJob("export-retention", properties.cleanupInterval(), retention::sweepQuietly);
    }
}
