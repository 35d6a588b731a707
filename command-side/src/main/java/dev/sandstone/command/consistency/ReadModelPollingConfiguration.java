package dev.sandstone.command.consistency;

import dev.sandstone.platform.consistency.ReadModelProperties;
import dev.sandstone.platform.consistency.ReadYourWrites;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The command side's read-your-writes when no other implementation is present. An auto-configuration, so that it is
 * considered after every application bean: in the single-process shape the query side's in-process watcher exists and
 * this backs off; the command-side service on its own gets {@link ReadModelPolling}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnMissingBean(ReadYourWrites.class)
@EnableConfigurationProperties(ReadModelProperties.class)
public class ReadModelPollingConfiguration {

    @Bean
    ReadYourWrites readModelPolling(DataSource dataSource, ReadModelProperties properties) {
        return new ReadModelPolling(JdbcClient.create(dataSource), properties);
    }
}
