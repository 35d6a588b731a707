package dev.sandstone.query.audit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.sandstone.platform.resilience.StoreResilience;
import dev.sandstone.query.audit.mongodb.MongoAuditArchive;
import dev.sandstone.query.audit.mongodb.MongoAuditIndexes;
import dev.sandstone.query.audit.postgres.PostgresAuditArchive;
import dev.sandstone.query.erasure.ErasureStep;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Chooses the audit archive by {@code sandstone.audit.archive}. Spring Boot's own MongoDB auto-configuration is
 * switched off (see sandstone-defaults.properties): the local default must not start a MongoDB client at all.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    @Bean
    @ConditionalOnProperty(name = "sandstone.audit.archive", havingValue = "postgres", matchIfMissing = true)
    AuditArchive postgresAuditArchive(JdbcClient jdbc) {
        return new PostgresAuditArchive(jdbc);
    }

    /**
     * The audit archive's part in an erasure: records stay (they are the evidence), their personal fields become
     * "[erased]", and their chain stays valid because it hashes only erasure-stable fields and seals.
     */
    @Bean
    ErasureStep auditErasure(AuditArchive archive) {
        return ErasureStep.of("audit-archive",
                "audit records anonymised (summary for a document; actor and role changes naming a user)",
                archive::eraseDocument, archive::eraseUser);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "sandstone.audit.archive", havingValue = "mongodb")
    static class MongoArchive {

        @Bean(destroyMethod = "close")
        MongoClient auditMongoClient(AuditProperties properties) {
            AuditProperties.Mongo mongo = properties.mongodb();
            long timeout = mongo.timeout().toMillis();
            return MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(mongo.uri()))
                    .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(timeout, TimeUnit.MILLISECONDS))
                    .applyToSocketSettings(socket -> socket.connectTimeout((int) timeout, TimeUnit.MILLISECONDS)
                            .readTimeout((int) timeout, TimeUnit.MILLISECONDS))
                    .build());
        }

        @Bean
        MongoTemplate auditMongoTemplate(MongoClient auditMongoClient, AuditProperties properties) {
            String database = new ConnectionString(properties.mongodb().uri()).getDatabase();
            return new MongoTemplate(auditMongoClient, database == null ? "sandstone" : database);
        }

        /** The archive behind the {@code mongodb} circuit breaker: an outage fails fast once the breaker opens. */
        @Bean
        ResilientAuditArchive<MongoAuditArchive> mongoAuditArchive(MongoTemplate auditMongoTemplate,
                                                                   AuditProperties properties,
                                                                   StoreResilience resilience) {
            String collection = properties.mongodb().collection();
            return new ResilientAuditArchive<>(new MongoAuditArchive(auditMongoTemplate, collection,
                    new MongoAuditIndexes(auditMongoTemplate, collection, properties.retention())),
                    resilience.guarded("mongodb", MongoAuditArchive::unavailable));
        }
    }
}
