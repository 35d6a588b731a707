package dev.sandstone.platform.axon;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandstone.event-store.*}: how the embedded event store (the PostgreSQL event store, not Axon Server) feeds
 * the tracking processors of its process.
 *
 * @param fetchDelay   when the processors have read everything, how long the store waits before it asks PostgreSQL
 *                     again for new events. Appends of the same process wake it at once; events appended by
 *                     another process (a command-side service of the split shape) are seen only by this poll, so
 *                     it bounds how late the read model learns of them. Axon's own default is 1 s
 * @param cleanupDelay how often the store moves a processor that fell behind its cache of recent events to a
 *                     stream of its own (Axon's default)
 */
@ConfigurationProperties("sandstone.event-store")
public record EventStoreProperties(@DefaultValue("50ms") Duration fetchDelay,
                                   @DefaultValue("10s") Duration cleanupDelay) {

    public EventStoreProperties {
        if (fetchDelay.toMillis() < 1 || cleanupDelay.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "sandstone.event-store: fetch-delay and cleanup-delay must be at least 1ms");
        }
    }
}
