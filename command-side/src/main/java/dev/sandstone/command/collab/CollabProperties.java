package dev.sandstone.command.collab;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code sandstone.collab.*}: the live collaboration channel.
 *
 * @param enabled          serve {@code /api/collab} and {@code /api/collab/tickets}
 * @param ticketTtl        how long a browser's single-use connection ticket stays valid
 * @param allowedOrigins   origins (patterns) whose browsers may open the WebSocket; empty means the service's own origin
 *                         only. Clients that send no Origin (non-browser) are not affected
 * @param maxMessageSize   largest message a client may send (an operation with its inserted text)
 * @param sendBufferLimit  bytes queued for one connection before it is dropped as too slow (close code 1013)
 * @param sendTimeout      how long one write to a client that stopped reading may block before the connection is
 *                         given up
 * @param recentOperations operations each live document keeps in memory to transform a late client's operation
 *                         without reading the event store
 * @param submitAttempts   times an operation is transformed and committed again when another commit was faster
 * @param catchUpTimeout   how long an operation or subscription waits for this instance to have seen the version a
 *                         client names (another instance may have committed it a moment ago)
 */
@ConfigurationProperties("sandstone.collab")
public record CollabProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("30s") Duration ticketTtl,
                               @DefaultValue List<String> allowedOrigins,
                               @DefaultValue("1MB") DataSize maxMessageSize,
                               @DefaultValue("4MB") DataSize sendBufferLimit,
                               @DefaultValue("10s") Duration sendTimeout,
                               @DefaultValue("500") int recentOperations,
                               @DefaultValue("20") int submitAttempts,
                               @DefaultValue("5s") Duration catchUpTimeout) {
}
