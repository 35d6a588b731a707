package dev.sandstone.query.erasure;

import dev.sandstone.api.error.DomainException;
import dev.sandstone.platform.crypto.SubjectKeys;
import dev.sandstone.platform.security.CurrentActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin only: the data keys per master key, and master-key rotation (re-wraps data keys, rewrites no event). */
@RestController
@RequestMapping("/api/admin/keys")
@Tag(name = "admin: erasure")
@SecurityRequirement(name = "bearer")
class KeyAdminController {

    private final SubjectKeys keys;
    private final CurrentActor currentActor;

    KeyAdminController(SubjectKeys keys, CurrentActor currentActor) {
        this.keys = keys;
        this.currentActor = currentActor;
    }

    record KeyStatus(String activeMasterKey, Map<String, Long> dataKeysByMasterKey) {
    }

    record Rotation(int rewrapped, String activeMasterKey, Map<String, Long> dataKeysByMasterKey) {
    }

    @Operation(summary = "How many data keys each master key wraps (admin)")
    @GetMapping
    KeyStatus status() {
        requireAdmin();
        return new KeyStatus(keys.activeMasterKey(), keys.keysPerMasterKey());
    }

    @Operation(summary = "Re-wrap every data key under the active master key (admin)")
    @PostMapping("/rotate")
    Rotation rotate() {
        requireAdmin();
        int rewrapped = keys.rotate();
        return new Rotation(rewrapped, keys.activeMasterKey(), keys.keysPerMasterKey());
    }

    private void requireAdmin() {
        if (!currentActor.get().isAdmin()) {
            throw DomainException.forbidden("Only admins may manage keys");
        }
    }
}
