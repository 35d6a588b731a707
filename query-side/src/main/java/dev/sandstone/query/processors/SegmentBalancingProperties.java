package dev.sandstone.query.processors;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandstone.processors.balancing.*}: how query-side instances share the processors' segments.
 *
 * @param enabled  each instance announces itself and keeps at most its fair share of every processor's segments
 * @param interval how often an instance announces itself and balances; an instance silent for three intervals no
 *                 longer counts
 */
@ConfigurationProperties("sandstone.processors.balancing")
public record SegmentBalancingProperties(@DefaultValue("true") boolean enabled,
                                         @DefaultValue("5s") Duration interval) {

    public SegmentBalancingProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sandstone.processors.balancing.interval must be positive");
        }
    }
}
