package dev.sandstone.command;

import dev.sandstone.command.document.DocumentProperties;
import dev.sandstone.command.document.DocumentRules;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.flywaydb.core.Flyway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The command side's own wiring: event store schema, snapshot policy, document rules. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocumentProperties.class)
public class CommandSideConfiguration {

    /** The event store tables belong to the command side; the history table is its own, so sides migrate apart. */
    @Bean(initMethod = "migrate")
    Flyway eventStoreMigrations(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/eventstore")
                .table("flyway_history_eventstore")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    @Bean
    SnapshotTriggerDefinition documentSnapshotTrigger(Snapshotter snapshotter, DocumentProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    @Bean
    DocumentRules documentRules(DocumentProperties properties) {
        return new DocumentRules(properties.maxContentSize().toBytes());
    }
}
