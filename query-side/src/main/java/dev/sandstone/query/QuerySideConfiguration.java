package dev.sandstone.query;

import javax.sql.DataSource;
import dev.sandstone.platform.consistency.ReadModelProperties;
import dev.sandstone.platform.postgres.SchemaMigrations;
import org.flywaydb.core.Flyway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query side's own wiring: its read-model schema, migrated apart from the event store's. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadModelProperties.class)
public class QuerySideConfiguration {

    @Bean(initMethod = "migrate")
    Flyway readModelMigrations(DataSource dataSource) {
        return SchemaMigrations.of(dataSource, "classpath:db/readmodel", "flyway_history_readmodel");
    }
}
