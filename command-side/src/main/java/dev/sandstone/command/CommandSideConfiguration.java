package dev.sandstone.command;

import dev.sandstone.command.document.ContentUploads;
import dev.sandstone.command.document.DocumentProperties;
import dev.sandstone.platform.blob.DocumentBlobs;
import dev.sandstone.command.document.DocumentRules;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The command side's own wiring: snapshot policy and document rules. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocumentProperties.class)
public class CommandSideConfiguration {

    @Bean
    SnapshotTriggerDefinition documentSnapshotTrigger(Snapshotter snapshotter, DocumentProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    /**
     * With the cache on, loaded documents stay in memory (weakly referenced, so the garbage collector bounds it) and
     * a command does not reload events. Only one process may append to a document then: switch it off when several
     * command-side instances share the event store (a stale cached document would answer from an old version).
     */
    @Bean
    Cache documentCache(DocumentProperties properties) {
        return properties.aggregateCache() ? new WeakReferenceCache() : NoCache.INSTANCE;
    }

    @Bean
    DocumentRules documentRules(DocumentProperties properties) {
        return new DocumentRules(properties.maxContentSize().toBytes(), properties.inlineThreshold().toBytes());
    }

    @Bean
    ContentUploads contentUploads(DocumentBlobs blobs, DocumentProperties properties) {
        return new ContentUploads(blobs, properties.inlineThreshold().toBytes(), properties.maxContentSize().toBytes());
    }
}
