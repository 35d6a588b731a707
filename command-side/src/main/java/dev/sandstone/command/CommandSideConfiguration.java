package dev.sandstone.command;

import dev.sandstone.command.document.DocumentProperties;
import dev.sandstone.command.document.DocumentRules;
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

    @Bean
    DocumentRules documentRules(DocumentProperties properties) {
        return new DocumentRules(properties.maxContentSize().toBytes());
    }
}
