package dev.sandstone.platform.axon;

import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The event store over the JDBC storage engine: Axon's own {@code EmbeddedEventStore}, as Axon's auto-configuration
 * would build it (same bean name, qualifier, message monitor and span factory), but polling PostgreSQL every
 * {@code sandstone.event-store.fetch-delay} instead of every second when its processors are idle. In one process an
 * append wakes the processors at once; in the split shape this poll is how a query-side service learns of another
 * process's appends, so every write waits for it (read-your-writes).
 * <p>
 * Not part of {@link AxonStorageConfiguration}: that one must run before Axon's JDBC auto-configuration (so Axon
 * takes its schemas), and an event store registered that early would make the JDBC storage engine back off. This one
 * runs after the JDBC and the Axon Server auto-configurations and only where Axon's would have built an embedded
 * store: with a storage engine and no event bus yet. With Axon Server on ({@code axon.axonserver.enabled=true}),
 * Axon Server's event store is already there, and this backs off.
 */
@AutoConfiguration(
        afterName = {
                "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
                "org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration",
                "org.axonframework.springboot.autoconfig.AxonServerBusAutoConfiguration"},
        beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@EnableConfigurationProperties(EventStoreProperties.class)
public class EventStoreConfiguration {

    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    @ConditionalOnMissingBean(EventBus.class)
    @ConditionalOnBean(EventStorageEngine.class)
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  EventStoreProperties properties) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.fetchDelay().toMillis())
                .cleanupDelay(properties.cleanupDelay().toMillis())
                .build();
    }
}
