package dev.sandstone.query.history;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandstone.history.*}: how much history PostgreSQL keeps when an audit archive outside it is configured
 * ({@code sandstone.audit.archive=mongodb}). Without one, PostgreSQL keeps all history and nothing is pruned.
 *
 * @param window        history younger than this stays in PostgreSQL (default 90 days)
 * @param pruneInterval how often older history is pruned, once archived (default hourly)
 * @param pruneBatch    documents pruned per database round trip
 */
@ConfigurationProperties("sandstone.history")
public record HistoryProperties(@DefaultValue("90d") Duration window,
                                @DefaultValue("1h") Duration pruneInterval,
                                @DefaultValue("500") int pruneBatch) {

    public HistoryProperties {
        if (window.isNegative() || pruneInterval.isNegative() || pruneInterval.isZero() || pruneBatch < 1) {
            throw new IllegalArgumentException("sandstone.history: window must not be negative, prune-interval must "
                    + "be positive and prune-batch at least 1");
        }
    }
}
