package dev.sandstone.query.erasure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Erasure jobs ({@code sandstone.erasure.*}).
 *
 * @param pollInterval how often an instance looks for erasures to advance
 * @param lease        how long one instance holds an erasure while it works on it (others skip it meanwhile)
 */
@ConfigurationProperties("sandstone.erasure")
public record ErasureProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("2m") Duration lease) {
}
