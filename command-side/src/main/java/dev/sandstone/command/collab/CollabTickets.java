package dev.sandstone.command.collab;

import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.crypto.Sha256;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Single-use, short-lived tickets for opening the WebSocket from a browser. Kept in PostgreSQL (hashed), so a ticket
 * issued by one instance opens a connection on any other, and it can be redeemed once only across all of them.
 */
class CollabTickets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Duration ttl;
    private final Clock clock;

    CollabTickets(JdbcClient jdbc, Duration ttl, Clock clock) {
        this.jdbc = jdbc;
        this.ttl = ttl;
        this.clock = clock;
    }

    record Issued(String ticket, Instant expiresAt) {
    }

    Issued issue(Actor actor) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        jdbc.sql("DELETE FROM collab_ticket WHERE expires_at < ?").param(Timestamp.from(now)).update();
        jdbc.sql("INSERT INTO collab_ticket (ticket_sha256, user_id, roles, expires_at) VALUES (?, ?, ?, ?)")
                .param(Sha256.hex(ticket))
                .param(actor.userId())
                .param(String.join(",", actor.roles().stream().sorted().toList()))
                .param(Timestamp.from(expiresAt))
                .update();
        return new Issued(ticket, expiresAt);
    }

    /** The ticket's actor, once: a second redemption, an unknown or an expired ticket finds nothing. */
    Optional<Actor> redeem(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("DELETE FROM collab_ticket WHERE ticket_sha256 = ? AND expires_at > ? RETURNING user_id, roles")
                .param(Sha256.hex(ticket))
                .param(Timestamp.from(clock.instant()))
                .query((rs, row) -> new Actor(rs.getString("user_id"), roles(rs.getString("roles"))))
                .optional();
    }

    private static Set<String> roles(String joined) {
        return joined.isEmpty() ? Set.of() : Arrays.stream(joined.split(",")).collect(Collectors.toSet());
    }
}
