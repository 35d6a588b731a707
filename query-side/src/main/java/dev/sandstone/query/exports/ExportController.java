package dev.sandstone.query.exports;

import dev.sandstone.platform.security.CurrentActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/exports")
@Tag(name = "compliance exports")
class ExportController {

    /** The answer to a request: where to follow it. */
    record Accepted(String id, String status) {
    }

    private final Exports exports;
    private final CurrentActor currentActor;

    ExportController(Exports exports, CurrentActor currentActor) {
        this.exports = exports;
        this.currentActor = currentActor;
    }

    @Operation(summary = "Request an export: subject-access (admins) or document-audit (auditors and admins)")
    @SecurityRequirement(name = "bearer")
    @PostMapping
    ResponseEntity<Accepted> request(@RequestBody ExportRequestRules.Body body) {
        String id = exports.request(currentActor.get(), body);
        return ResponseEntity.accepted().location(URI.create("/api/exports/" + id))
                .body(new Accepted(id, ExportStatus.QUEUED.wireName()));
    }

    @Operation(summary = "An export's status and, once completed, a time-limited download URL (its requester, admins)")
    @SecurityRequirement(name = "bearer")
    @GetMapping("/{id}")
    Exports.ExportView status(@PathVariable String id) {
        return exports.status(currentActor.get(), id, ServletUriComponentsBuilder.fromCurrentContextPath().build()
                .toUri());
    }

    @Operation(summary = "Download an archive through a signed link (no token: the signature is the authorisation)")
    @GetMapping("/{id}/archive")
    ResponseEntity<Resource> archive(@PathVariable String id, @RequestParam(required = false) String expires,
                                     @RequestParam(required = false) String signature) {
        Exports.Download download = exports.download(id, expires, signature);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .contentLength(download.size())
                .eTag("\"" + download.sha256() + "\"")
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(download.fileName()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(new InputStreamResource(download.content()));
    }
}
