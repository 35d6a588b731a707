package dev.sandstone.platform.axon;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonServerAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonServerBusAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Which event store a Sandstone application gets, and how soon it sees events that another process appended (the
 * split shape: the command side appends, the query side's processors must notice).
 */
class EventStoreConfigurationTest {

    /** Axon's own auto-configurations beside ours, as the application has them; nothing is built or started. */
    private final ApplicationContextRunner wiring = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AxonServerAutoConfiguration.class,
                    AxonServerBusAutoConfiguration.class, JdbcAutoConfiguration.class, AxonStorageConfiguration.class,
                    EventStoreConfiguration.class, AxonAutoConfiguration.class))
            .withInitializer(context -> context.addBeanFactoryPostProcessor(
                    new LazyInitializationBeanFactoryPostProcessor()))
            .withBean(DataSource.class, SimpleDriverDataSource::new);

    /** Only ours, over an engine that this test appends to behind the store's back, as another process would. */
    private final ApplicationContextRunner store = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreConfiguration.class))
            .withBean(EventStorageEngine.class, InMemoryEventStorageEngine::new)
            .withBean(org.axonframework.config.Configuration.class,
                    () -> DefaultConfigurer.defaultConfiguration().buildConfiguration());

    @Test
    void on_postgresql_the_event_store_is_ours_over_the_jdbc_engine() {
        wiring.withPropertyValues("axon.axonserver.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(EventStore.class).hasSingleBean(EmbeddedEventStore.class)
                    .hasSingleBean(EventStorageEngine.class);
            assertThat(context.getBeanFactory().getBeanDefinition("eventBus").getFactoryBeanName())
                    .isEqualTo(EventStoreConfiguration.class.getName());
        });
    }

    @Test
    void with_axon_server_on_its_event_store_stays_and_ours_backs_off() {
        wiring.withPropertyValues("axon.axonserver.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(EventStore.class).doesNotHaveBean(EmbeddedEventStore.class)
                    .doesNotHaveBean(EventStorageEngine.class);
            assertThat(context.getBeanFactory().getBeanDefinition("eventStore").getFactoryBeanName())
                    .isEqualTo(AxonServerBusAutoConfiguration.class.getName());
        });
    }

    @Test
    void the_idle_poll_is_short_by_default() {
        EventStoreProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("sandstone.event-store", EventStoreProperties.class);

        assertThat(defaults.fetchDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(defaults.cleanupDelay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void an_event_appended_elsewhere_reaches_an_idle_processor_at_the_next_poll() {
        store.run(context -> {
            EventStore eventStore = context.getBean(EventStore.class);
            EventStorageEngine engine = context.getBean(EventStorageEngine.class);
            try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
                assertThat(stream.hasNextAvailable(200, MILLISECONDS)).isFalse();

                engine.appendEvents(List.of(GenericEventMessage.asEventMessage("appended elsewhere")));

                // Axon's default would take up to a second; a generous bound, for a loaded machine.
                assertThat(stream.hasNextAvailable(700, MILLISECONDS)).isTrue();
                assertThat(stream.nextAvailable().getPayload()).isEqualTo("appended elsewhere");
            }
        });
    }

    @Test
    void the_fetch_delay_is_what_the_property_says() {
        store.withPropertyValues("sandstone.event-store.fetch-delay=5s").run(context -> {
            EventStore eventStore = context.getBean(EventStore.class);
            EventStorageEngine engine = context.getBean(EventStorageEngine.class);
            try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
                assertThat(stream.hasNextAvailable(200, MILLISECONDS)).isFalse();

                engine.appendEvents(List.of(GenericEventMessage.asEventMessage("appended elsewhere")));

                assertThat(stream.hasNextAvailable(1000, MILLISECONDS))
                        .as("seen before the next poll, 5 s after the last").isFalse();
            }
        });
    }

    @Test
    void a_fetch_delay_under_a_millisecond_is_refused() {
        store.withPropertyValues("sandstone.event-store.fetch-delay=0ms")
                .run(context -> assertThat(context).hasFailed());
    }
}
