package dev.sandstone.platform.postgres;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded real PostgreSQL of the local default ({@code sandstone.embedded-postgres.*}).
 *
 * @param enabled        start an embedded PostgreSQL and use it as the data source (local default only)
 * @param dataDir        where its data lives; kept across restarts
 * @param port           0 picks a free port at each start
 * @param poolSize       connections in the pool put in front of it
 * @param startupTimeout how long it may take to accept connections, crash recovery from its write-ahead log included
 * @param stopTimeout    how long a PostgreSQL left running on the data directory by a service that died gets for a
 *                       fast shutdown before an immediate one
 * @param watchdog       run a watchdog process that stops PostgreSQL when the service dies without stopping it
 */
@ConfigurationProperties("sandstone.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("./.sandstone/postgres") Path dataDir,
        @DefaultValue("0") int port,
        @DefaultValue("16") int poolSize,
        @DefaultValue("2m") Duration startupTimeout,
        @DefaultValue("1m") Duration stopTimeout,
        @DefaultValue("true") boolean watchdog) {
}
