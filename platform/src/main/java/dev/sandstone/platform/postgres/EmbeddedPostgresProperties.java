package dev.sandstone.platform.postgres;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded real PostgreSQL of the local default ({@code sandstone.embedded-postgres.*}).
 *
 * @param enabled  start an embedded PostgreSQL and use it as the data source (local default only)
 * @param dataDir  where its data lives; kept across restarts
 * @param port     0 picks a free port at each start
 * @param poolSize connections in the pool put in front of it
 */
@ConfigurationProperties("sandstone.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("./.sandstone/postgres") Path dataDir,
        @DefaultValue("0") int port,
        @DefaultValue("16") int poolSize) {
}
