package dev.sandstone.platform.web.ratelimit;

import jakarta.validation.constraints.Positive;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sandstone.rate-limit.*}: token buckets per caller (the JWT subject, or the client address when anonymous)
 * and one for the whole instance. A rate is what a bucket refills per second; a burst is its size, so an idle
 * caller may briefly go above the rate. Limits are held in memory: they are per instance.
 *
 * @param enabled              switch the limits off entirely
 * @param userReadsPerSecond   reads (GET, HEAD, OPTIONS) per second per caller
 * @param userReadBurst        reads a caller may make at once after being idle
 * @param userWritesPerSecond  writes (every other method) per second per caller
 * @param userWriteBurst       writes a caller may make at once after being idle
 * @param globalPerSecond      requests per second for all callers together, reads and writes
 * @param globalBurst          requests at once for all callers together
 * @param maxCallers           callers whose buckets are kept at most (about 0.7 KB each); past it, the least
 *                             active are forgotten first
 * @param exemptPaths          path patterns never limited (probes and metrics scrapes, development tokens)
 */
@ConfigurationProperties("sandstone.rate-limit")
@Validated
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("200") @Positive long userReadsPerSecond,
                                  @DefaultValue("400") @Positive long userReadBurst,
                                  @DefaultValue("50") @Positive long userWritesPerSecond,
                                  @DefaultValue("100") @Positive long userWriteBurst,
                                  @DefaultValue("2000") @Positive long globalPerSecond,
                                  @DefaultValue("4000") @Positive long globalBurst,
                                  @DefaultValue("20000") @Positive int maxCallers,
                                  @DefaultValue({"/actuator/**", "/local/token"}) List<String> exemptPaths) {
}
