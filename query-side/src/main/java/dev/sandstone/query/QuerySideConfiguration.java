package dev.sandstone.query;

import dev.sandstone.platform.consistency.ReadModelProperties;
import dev.sandstone.platform.postgres.SchemaMigrations;
import dev.sandstone.query.documents.DocumentReadModel;
import dev.sandstone.query.erasure.ErasureStep;
import javax.sql.DataSource;
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

    /** The PostgreSQL read model's part in an erasure: documents, members, revocations, published versions. */
    @Bean
    ErasureStep readModelErasure(DocumentReadModel readModel) {
        return ErasureStep.of("read-model",
                "rows deleted or anonymised in documents, document_members, member_revocations, published_versions",
                readModel::eraseDocument, readModel::eraseUser);
    }
}
