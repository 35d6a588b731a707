package dev.sandstone.query;

import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import dev.sandstone.platform.postgres.SchemaMigrations;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query side's own wiring: its read-model schema, migrated apart from the event store's. */
@Configuration(proxyBeanMethods = false)
public class QuerySideConfiguration {

    /**
     * A read-model or audit handler that fails must not skip its event (Axon's default only logs): the processor retries
     * the batch with back-off, so the read model is late rather than silently wrong.
     */
    @Autowired
    void retryReadModelFailures(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler("documents",
                configuration -> PropagatingErrorHandler.instance());
        processing.registerListenerInvocationErrorHandler("audit",
                configuration -> PropagatingErrorHandler.instance());
    }

    @Bean(initMethod = "migrate")
    Flyway readModelMigrations(DataSource dataSource) {
        return SchemaMigrations.of(dataSource, "classpath:db/readmodel", "flyway_history_readmodel");
    }
}
