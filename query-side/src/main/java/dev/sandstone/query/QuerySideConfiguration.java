package dev.sandstone.query;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query side's own wiring: its read-model schema, migrated apart from the event store's. */
@Configuration(proxyBeanMethods = false)
public class QuerySideConfiguration {

    @Bean(initMethod = "migrate")
    Flyway readModelMigrations(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/readmodel")
                .table("flyway_history_readmodel")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }
}
