package dev.sandstone.platform.test;

import dev.sandstone.platform.crypto.CryptoProperties;
import dev.sandstone.platform.crypto.MasterKeyRing;
import dev.sandstone.platform.crypto.SubjectKeys;
import dev.sandstone.platform.postgres.SchemaMigrations;
import java.time.Duration;
import java.util.Map;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Subject keys (the per-document and per-user data keys) in a fresh database of the test PostgreSQL. */
public final class TestSubjectKeys {

    private TestSubjectKeys() {
    }

    /** A new key table (the event store's migration) wrapped by the test master key. */
    public static SubjectKeys onNewDatabase() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.newDatabase(), "postgres", "");
        SchemaMigrations.of(dataSource, "classpath:db/eventstore", "flyway_history_eventstore").migrate();
        CryptoProperties properties = new CryptoProperties(Map.of(TestMasterKey.ID, TestMasterKey.KEY),
                TestMasterKey.ID, null, false, 1000, Duration.ofMinutes(1));
        return new SubjectKeys(dataSource, MasterKeyRing.from(properties), properties);
    }
}
