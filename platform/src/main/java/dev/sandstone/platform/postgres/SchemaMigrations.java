package dev.sandstone.platform.postgres;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One Flyway per owner of tables (event store, read model), each with its own history table, so the sides can be
 * deployed and upgraded apart against one database. Baselined at 0, so a schema that already holds the other
 * owner's tables still gets every migration from V1.
 */
public final class SchemaMigrations {

    private SchemaMigrations() {
    }

    public static Flyway of(DataSource dataSource, String location, String historyTable) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }
}
