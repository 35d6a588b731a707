package dev.sandstone.platform.consistency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandstone.read-model.*}: how a write waits for the read model before it answers (read-your-writes).
 *
 * @param readYourWritesTimeout how long a command waits for the read model to show its version; the command has
 *                              succeeded either way, and answers when this has passed
 * @param pollInterval          where no projection runs in the same process (a command-side service on its own), the
 *                              first pause between reads of the document's version in the read model; each pause
 *                              doubles, up to {@code maxPollInterval}
 * @param maxPollInterval       the longest pause between two such reads
 */
@ConfigurationProperties("sandstone.read-model")
public record ReadModelProperties(@DefaultValue("5s") Duration readYourWritesTimeout,
                                  @DefaultValue("5ms") Duration pollInterval,
                                  @DefaultValue("50ms") Duration maxPollInterval) {

    public ReadModelProperties {
        if (readYourWritesTimeout.isNegative() || pollInterval.isNegative() || pollInterval.isZero()
                || maxPollInterval.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("sandstone.read-model: read-your-writes-timeout must not be negative, "
                    + "poll-interval must be positive and max-poll-interval at least poll-interval");
        }
    }
}
