package dev.sandstone.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * With the defaults, Axon Server is off although its connector is on the classpath: no connection to it is made and
 * events go to the PostgreSQL event store. (Shares the context of the other API tests, so it costs no start-up.)
 */
class AxonServerSwitchApiTest extends ApiTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventStorageEngine storageEngine;

    @Test
    void by_default_events_go_to_postgresql_and_nothing_connects_to_axon_server() {
        assertThat(context.getBeansOfType(AxonServerConnectionManager.class)).isEmpty();
        assertThat(eventStore).isInstanceOf(EmbeddedEventStore.class);
        assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class);
    }
}
