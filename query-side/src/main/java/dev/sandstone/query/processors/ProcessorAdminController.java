package dev.sandstone.query.processors;

import dev.sandstone.api.error.DomainException;
import dev.sandstone.platform.security.CurrentActor;
import dev.sandstone.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin only: the processors' status and lag, replays, and the dead-letter queues. */
@RestController
@RequestMapping("/api/admin")
@Tag(name = "admin: processors")
@SecurityRequirement(name = "bearer")
class ProcessorAdminController {

    private final ProcessorControl processors;
    private final DeadLetters deadLetters;
    private final CurrentActor currentActor;

    ProcessorAdminController(ProcessorControl processors, DeadLetters deadLetters, CurrentActor currentActor) {
        this.processors = processors;
        this.deadLetters = deadLetters;
        this.currentActor = currentActor;
    }

    @Operation(summary = "Every processor: state, segments, lag and dead letters (admin)")
    @GetMapping("/processors")
    List<ProcessorStatus> processors() {
        requireAdmin();
        return processors.all();
    }

    @Operation(summary = "One processor (admin)")
    @GetMapping("/processors/{name}")
    ProcessorStatus processor(@PathVariable String name) {
        requireAdmin();
        return processors.status(name);
    }

    @Operation(summary = "Reset a processor and replay the event store into it (admin)")
    @PostMapping("/processors/{name}/replay")
    ResponseEntity<ProcessorStatus> replay(@PathVariable String name) {
        requireAdmin();
        if (!processors.replay(name)) {
            throw DomainException.conflict("Processor " + name + " is already replaying");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(processors.status(name));
    }

    @Operation(summary = "Parked events, per processor and document, oldest first (admin)")
    @GetMapping("/dead-letters")
    List<DeadLetters.Sequence> deadLetters(@RequestParam(required = false) String processor,
                                           @RequestParam(defaultValue = "20") int size) {
        requireAdmin();
        return deadLetters.list(processor, Paging.of(0, size).size());
    }

    @Operation(summary = "Retry every parked sequence of a processor (admin)")
    @PostMapping("/dead-letters/{processor}/retry")
    DeadLetters.RetryResult retryAll(@PathVariable String processor) {
        requireAdmin();
        return deadLetters.retry(processor, null);
    }

    @Operation(summary = "Retry one document's parked events (admin)")
    @PostMapping("/dead-letters/{processor}/{sequenceId}/retry")
    DeadLetters.RetryResult retry(@PathVariable String processor, @PathVariable String sequenceId) {
        requireAdmin();
        return deadLetters.retry(processor, sequenceId);
    }

    @Operation(summary = "Drop one document's parked events for good (admin)")
    @DeleteMapping("/dead-letters/{processor}/{sequenceId}")
    Map<String, Object> evict(@PathVariable String processor, @PathVariable String sequenceId) {
        requireAdmin();
        return Map.of("processor", processor, "sequenceId", sequenceId,
                "evicted", deadLetters.evict(processor, sequenceId));
    }

    private void requireAdmin() {
        if (!currentActor.get().isAdmin()) {
            throw DomainException.forbidden("Only admins may manage processors");
        }
    }
}
