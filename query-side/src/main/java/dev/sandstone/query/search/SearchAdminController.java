package dev.sandstone.query.search;

import dev.sandstone.api.error.DomainException;
import dev.sandstone.platform.security.CurrentActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin only: rebuild the search index from the event store and watch it progress. */
@RestController
@RequestMapping("/api/admin/search/rebuild")
@Tag(name = "admin: search")
@SecurityRequirement(name = "bearer")
class SearchAdminController {

    private final SearchRebuild rebuild;
    private final CurrentActor currentActor;

    SearchAdminController(SearchRebuild rebuild, CurrentActor currentActor) {
        this.rebuild = rebuild;
        this.currentActor = currentActor;
    }

    @Operation(summary = "Rebuild the search index from the event store (admin)")
    @PostMapping
    ResponseEntity<SearchRebuild.Status> start() {
        requireAdmin();
        if (!rebuild.start()) {
            throw DomainException.conflict("A search index rebuild is already running");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuild.status());
    }

    @Operation(summary = "Progress of the last search index rebuild (admin)")
    @GetMapping
    SearchRebuild.Status status() {
        requireAdmin();
        return rebuild.status();
    }

    private void requireAdmin() {
        if (!currentActor.get().isAdmin()) {
            throw DomainException.forbidden("Only admins may rebuild the search index");
        }
    }
}
