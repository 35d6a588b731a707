package dev.sandstone.query.blobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandstone.blobs.sweep.*}: the garbage collection of blobs no event refers to.
 *
 * @param grace    a blob younger than this is never deleted (an upload may still be on its way to its command)
 * @param interval how often the sweep runs
 */
@ConfigurationProperties("sandstone.blobs.sweep")
public record BlobSweepProperties(@DefaultValue("24h") Duration grace, @DefaultValue("6h") Duration interval) {

    public BlobSweepProperties {
        if (grace.compareTo(Duration.ofMinutes(10)) < 0 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sandstone.blobs.sweep: grace must be at least 10 minutes and "
                    + "interval positive");
        }
    }
}
