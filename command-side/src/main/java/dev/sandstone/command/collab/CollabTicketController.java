package dev.sandstone.command.collab;

import dev.sandstone.platform.security.CurrentActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/collab/tickets}: a single-use ticket for a browser's WebSocket, which cannot carry a header. */
@RestController
@ConditionalOnProperty(name = "sandstone.collab.enabled", havingValue = "true", matchIfMissing = true)
@Tag(name = "live collaboration")
@SecurityRequirement(name = "bearer")
class CollabTicketController {

    private final CollabTickets tickets;
    private final CurrentActor currentActor;
    private final Clock clock = Clock.systemUTC();

    CollabTicketController(CollabTickets tickets, CurrentActor currentActor) {
        this.tickets = tickets;
        this.currentActor = currentActor;
    }

    record TicketResponse(String ticket, long expiresInSeconds) {
    }

    @Operation(summary = "Issue a single-use ticket for the live collaboration WebSocket",
            description = "Open ws(s)://HOST/api/collab?ticket=... within expiresInSeconds; the connection acts as the "
                    + "caller. A ticket opens one connection; ask for a new one to reconnect.")
    @PostMapping("/api/collab/tickets")
    ResponseEntity<TicketResponse> issue() {
        CollabTickets.Issued issued = tickets.issue(currentActor.get());
        long seconds = Math.max(0, Duration.between(clock.instant(), issued.expiresAt()).toSeconds());
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(new TicketResponse(issued.ticket(), seconds));
    }
}
