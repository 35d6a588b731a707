package dev.sandstone.platform.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.crypto.CryptoProperties;
import dev.sandstone.platform.crypto.EncryptingSerializer;
import dev.sandstone.platform.crypto.MasterKeyRing;
import dev.sandstone.platform.crypto.SubjectKeys;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import dev.sandstone.platform.postgres.SchemaMigrations;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Axon's JDBC storage on PostgreSQL with snake_case tables created by Flyway (see
 * {@code db/eventstore} and {@code db/readmodel}): payloads, metadata and tokens are BYTEA, never OID
 * large objects, and {@code global_index} comes from its own sequence.
 */
@AutoConfiguration(beforeName = {
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration"})
@EnableConfigurationProperties(CryptoProperties.class)
public class AxonStorageConfiguration {

    /**
     * One Jackson serializer for events, snapshots, messages and tokens, on its own mapper: the HTTP mapper's
     * settings (strict unknown-field checks for requests) must never change how stored events are read. Wrapped by
     * the encryption seam: fields marked {@code @PersonalData} and the actor in metadata are stored encrypted.
     */
    @Bean
    @Primary
    Serializer serializer(SubjectKeys subjectKeys) {
        ObjectMapper mapper = new ObjectMapper()
                .findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return new EncryptingSerializer(JacksonSerializer.builder().objectMapper(mapper).build(), subjectKeys);
    }

    @Bean
    MasterKeyRing masterKeyRing(CryptoProperties properties) {
        return MasterKeyRing.from(properties);
    }

    @Bean
    SubjectKeys subjectKeys(DataSource dataSource, MasterKeyRing masterKeyRing, CryptoProperties properties) {
        return new SubjectKeys(dataSource, masterKeyRing, properties);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    /**
     * The event store schema, shared by both sides (the command side appends, the query side tracks), migrated
     * by whichever starts first; Flyway's lock on PostgreSQL makes concurrent starts safe. Each side migrates
     * its own tables with its own history table, so the sides can be deployed apart.
     */
    @Bean(initMethod = "migrate")
    Flyway eventStoreMigrations(DataSource dataSource) {
        return SchemaMigrations.of(dataSource, "classpath:db/eventstore", "flyway_history_eventstore");
    }

    /**
     * PostgreSQL reports a unique-key violation as SQLState 23505, never as SQLIntegrityConstraintViolationException,
     * which is all Axon's default JdbcSQLErrorCodesResolver recognises: without this, creating an aggregate id twice
     * (an Idempotency-Key retry) or losing an append race is an EventStoreException (500) instead of
     * AggregateStreamCreationException / ConcurrencyException.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql) {
                    for (SQLException next = sql; next != null; next = next.getNextException()) {
                        if ("23505".equals(next.getSQLState()) || next instanceof SQLIntegrityConstraintViolationException) {
                            return true;
                        }
                    }
                }
            }
            return false;
        };
    }

    /** Who did it, and the request's correlation, copied from each command to the events it causes. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.META_ACTOR);
    }

    @Bean
    CorrelationDataProvider messageOriginCorrelation() {
        return new MessageOriginProvider();
    }

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }
}
