package dev.sandstone.command.collab;

import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.security.CurrentActor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Who opens a live connection, decided before the upgrade: a bearer token (already verified by the security filter
 * chain, as for every API call) or a single-use ticket in the {@code ticket} query parameter. Neither, or a ticket
 * that is unknown, used or expired: 401 problem+json, and no WebSocket.
 */
final class CollabAuthentication implements HandshakeInterceptor {

    static final String ACTOR = Actor.class.getName();

    private final CollabTickets tickets;
    private final CurrentActor currentActor;

    CollabAuthentication(CollabTickets tickets, CurrentActor currentActor) {
        this.tickets = tickets;
        this.currentActor = currentActor;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        Optional<Actor> actor = bearer().or(() -> ticket(request));
        if (actor.isEmpty()) {
            refuse(request, response);
            return false;
        }
        attributes.put(ACTOR, actor.get());
        return true;
    }

    private Optional<Actor> bearer() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Jwt
                ? Optional.of(currentActor.get()) : Optional.empty();
    }

    private Optional<Actor> ticket(ServerHttpRequest request) {
        String ticket = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("ticket");
        return ticket == null ? Optional.empty() : tickets.redeem(ticket);
    }

    private static void refuse(ServerHttpRequest request, ServerHttpResponse response) {
        boolean hadTicket = request.getURI().getRawQuery() != null && request.getURI().getRawQuery().contains("ticket=");
        String detail = hadTicket
                ? "The ticket is unknown, expired or already used; get a new one from POST /api/collab/tickets"
                : "A bearer token (Authorization header) or a ticket from POST /api/collab/tickets is required";
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set("WWW-Authenticate", "Bearer");
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                + detail + "\",\"instance\":\"/api/collab\"}";
        try {
            response.getBody().write(body.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException ignored) {
            // the status alone tells the client
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
