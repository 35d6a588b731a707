package dev.sandstone.query.erasure;

import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.privacy.ErasureView;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.security.CurrentActor;
import dev.sandstone.platform.web.ApiException;
import dev.sandstone.platform.web.DocumentIds;
import dev.sandstone.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin only: the right to erasure (crypto-shredding) of a document or a user, and the erasures' certificates. */
@RestController
@RequestMapping("/api/admin")
@Tag(name = "admin: erasure")
@SecurityRequirement(name = "bearer")
class ErasureController {

    private static final int MAX_USER_ID = 255;

    private final ErasureCoordinator erasures;
    private final CurrentActor currentActor;

    ErasureController(ErasureCoordinator erasures, CurrentActor currentActor) {
        this.erasures = erasures;
        this.currentActor = currentActor;
    }

    record ErasurePage(List<ErasureView> items, int page, int size, long total) {
    }

    @Operation(summary = "Erase a document: destroy its key, purge every copy; 202 with the erasure (admin)")
    @DeleteMapping("/subjects/documents/{id}")
    ResponseEntity<ErasureView> eraseDocument(@PathVariable String id) {
        Actor admin = requireAdmin();
        return accepted(erasures.eraseDocument(DocumentIds.require(id), admin));
    }

    @Operation(summary = "Erase a user: destroy their key, anonymise them everywhere; 202 with the erasure (admin)")
    @DeleteMapping("/subjects/users/{userId}")
    ResponseEntity<ErasureView> eraseUser(@PathVariable String userId) {
        Actor admin = requireAdmin();
        if (userId.isBlank() || userId.length() > MAX_USER_ID) {
            throw ApiException.badParameter("userId", "userId must be 1 to " + MAX_USER_ID + " characters");
        }
        return accepted(erasures.eraseUser(userId, admin));
    }

    @Operation(summary = "An erasure's progress and, once completed, its certificate's SHA-256 (admin)")
    @GetMapping("/erasures/{id}")
    ErasureView erasure(@PathVariable String id) {
        requireAdmin();
        return erasures.find(erasureId(id))
                .orElseThrow(() -> DomainException.notFound("No erasure " + id));
    }

    @Operation(summary = "The certificate of a completed erasure, exactly as sealed by certificateSha256 (admin)")
    @GetMapping(value = "/erasures/{id}/certificate", produces = MediaType.APPLICATION_JSON_VALUE)
    String certificate(@PathVariable String id) {
        requireAdmin();
        return erasures.certificate(erasureId(id))
                .orElseThrow(() -> DomainException.notFound("Erasure " + id + " has no certificate (yet)"));
    }

    @Operation(summary = "Erasures, newest first (admin)")
    @GetMapping("/erasures")
    ErasurePage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        requireAdmin();
        Paging paging = Paging.of(page, size);
        return new ErasurePage(erasures.page(paging.page(), paging.size()), paging.page(), paging.size(),
                erasures.count());
    }

    private static ResponseEntity<ErasureView> accepted(ErasureView erasure) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/admin/erasures/" + erasure.id())).body(erasure);
    }

    private static UUID erasureId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("id", "An erasure id is a UUID");
        }
    }

    private Actor requireAdmin() {
        Actor actor = currentActor.get();
        if (!actor.isAdmin()) {
            throw DomainException.forbidden("Only admins may erase subjects or read erasures");
        }
        return actor;
    }
}
