package dev.sandstone.command.document;

import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.document.command.ArchiveDocument;
import dev.sandstone.api.document.command.CommandResult;
import dev.sandstone.api.document.command.CreateDocument;
import dev.sandstone.api.document.command.DeleteDocument;
import dev.sandstone.api.document.command.EditDocumentContent;
import dev.sandstone.api.document.command.GrantDocumentRole;
import dev.sandstone.api.document.command.PublishDocument;
import dev.sandstone.api.document.command.PublishResult;
import dev.sandstone.api.document.command.ReplaceContentRange;
import dev.sandstone.api.document.command.RevokeDocumentRole;
import dev.sandstone.api.document.command.StoreDocumentContent;
import dev.sandstone.api.document.command.UpdateDocumentMetadata;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.consistency.ReadYourWrites;
import dev.sandstone.platform.security.CurrentActor;
import dev.sandstone.platform.web.DocumentIds;
import dev.sandstone.platform.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Document writes: HTTP in, one command out, and the new version back once the read model shows it. */
@RestController
@RequestMapping("/api/documents")
@Tag(name = "documents: commands")
@SecurityRequirement(name = "bearer")
class DocumentCommandController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final DocumentCommands commands;
    private final IdempotentCreation idempotency;
    private final CurrentActor currentActor;
    private final ObjectProvider<ReadYourWrites> readYourWrites;
    private final ContentUploads uploads;

    DocumentCommandController(DocumentCommands commands, IdempotentCreation idempotency, CurrentActor currentActor,
                              ObjectProvider<ReadYourWrites> readYourWrites, ContentUploads uploads) {
        this.commands = commands;
        this.uploads = uploads;
        this.idempotency = idempotency;
        this.currentActor = currentActor;
        this.readYourWrites = readYourWrites;
    }

    record CreateRequest(String title, String content, List<String> tags) {
    }

    record ContentRequest(String content) {
    }

    record MetadataRequest(String title, List<String> tags) {
    }

    /** Bytes {@code [start, end)} of the content's UTF-8 encoding replaced by {@code text}. */
    record RangeRequest(Long start, Long end, String text) {
    }

    record RoleRequest(String role) {
    }

    record VersionResponse(String id, long version) {
    }

    record PublishResponse(int publishedVersion, long documentVersion) {
    }

    @Operation(summary = "Create a document", description = "Idempotency-Key makes retries safe: the same key "
            + "from the same user returns the first response and creates nothing new.")
    @PostMapping(consumes = JSON)
    ResponseEntity<VersionResponse> create(@RequestBody CreateRequest request,
                                           @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Actor actor = currentActor.get();
        String id = idempotency.documentIdFor(actor.userId(), key);
        CreateDocument command = uploads.of(id, request.content()) instanceof ContentUploads.Stored stored
                ? new CreateDocument(id, request.title(), "", request.tags(), stored.content())
                : new CreateDocument(id, request.title(), request.content(), request.tags());
        long version = command.stored() == null ? 1 : 2;
        try {
            commands.send(command, actor);
        } catch (AggregateStreamCreationException alreadyCreated) {
            if (key == null) {
                throw alreadyCreated;
            }
            version = idempotency.requireSameRequest(actor.userId(), command);
        }
        awaitReadModel(id, version);
        return ResponseEntity.created(URI.create("/api/documents/" + id))
                .eTag(ETags.of(version))
                .body(new VersionResponse(id, version));
    }

    @Operation(summary = "Replace the content (If-Match required)", description = "Content over the inline "
            + "threshold is written to the blob store in chunks first; events carry only chunk references.")
    @PutMapping(path = "/{id}/content", consumes = JSON)
    ResponseEntity<VersionResponse> editContent(@PathVariable String id, @RequestBody ContentRequest request,
                                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expected = ETags.requireIfMatch(ifMatch);
        String documentId = DocumentIds.require(id);
        return versioned(contentCommand(documentId, uploads.of(documentId, request.content()), expected));
    }

    @Operation(summary = "Replace the content with a raw UTF-8 body, streamed (If-Match required)",
            description = "For large documents: the body is read as it arrives, cut into chunks and stored; "
                    + "nothing is changed unless the whole body was stored and is within the size limit.")
    @PutMapping(path = "/{id}/content", consumes = {MediaType.TEXT_PLAIN_VALUE, "text/markdown"})
    ResponseEntity<VersionResponse> uploadContent(@PathVariable String id, HttpServletRequest request,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch)
            throws IOException {
        long expected = ETags.requireIfMatch(ifMatch);
        String documentId = DocumentIds.require(id);
        return versioned(contentCommand(documentId, uploads.read(documentId, request.getInputStream()), expected));
    }

    @Operation(summary = "Replace a byte range of the content (If-Match required)", description = "Replaces the "
            + "bytes [start, end) of the content's UTF-8 encoding with text, at exactly the If-Match version; both "
            + "offsets must fall on character boundaries. Made for large documents: only the chunks the range touches "
            + "are stored again, so an edit of a 50 MiB document sends and writes kilobytes, not the whole content. "
            + "Works on inline content too.")
    @PatchMapping(path = "/{id}/content", consumes = JSON)
    ResponseEntity<VersionResponse> replaceRange(@PathVariable String id, @RequestBody RangeRequest request,
                                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expected = ETags.requireIfMatch(ifMatch);
        String documentId = DocumentIds.require(id);
        if (request.start() == null || request.end() == null) {
            throw DomainException.invalid(request.start() == null ? "start" : "end",
                    "start and end (byte offsets into the content's UTF-8 encoding) are required");
        }
        return versioned(new ReplaceContentRange(documentId, request.start(), request.end(), request.text(), expected));
    }

    private static Object contentCommand(String id, ContentUploads.Upload upload, long expected) {
        if (upload instanceof ContentUploads.Stored stored) {
            return new StoreDocumentContent(id, stored.content(), expected);
        }
        return new EditDocumentContent(id, ((ContentUploads.Inline) upload).content(), expected);
    }

    @Operation(summary = "Change title and/or tags (If-Match required)")
    @PatchMapping(path = "/{id}", consumes = {JSON, MERGE_PATCH})
    ResponseEntity<VersionResponse> updateMetadata(@PathVariable String id, @RequestBody MetadataRequest request,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expected = ETags.requireIfMatch(ifMatch);
        return versioned(new UpdateDocumentMetadata(DocumentIds.require(id), request.title(), request.tags(), expected));
    }

    @Operation(summary = "Publish the current content as the next published version (If-Match optional)")
    @PostMapping("/{id}/publish")
    ResponseEntity<PublishResponse> publish(@PathVariable String id,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        PublishResult result = commands.send(new PublishDocument(DocumentIds.require(id), ETags.optionalIfMatch(ifMatch)),
                currentActor.get());
        awaitReadModel(id, result.documentVersion());
        return ResponseEntity.created(URI.create("/api/documents/" + id + "/published/" + result.publishedVersion()))
                .eTag(ETags.of(result.documentVersion()))
                .body(new PublishResponse(result.publishedVersion(), result.documentVersion()));
    }

    @Operation(summary = "Archive the document (owner; If-Match optional)")
    @PostMapping("/{id}/archive")
    ResponseEntity<VersionResponse> archive(@PathVariable String id,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return versioned(new ArchiveDocument(DocumentIds.require(id), ETags.optionalIfMatch(ifMatch)));
    }

    @Operation(summary = "Delete the document (owner; If-Match optional)")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        CommandResult result = commands.send(new DeleteDocument(DocumentIds.require(id), ETags.optionalIfMatch(ifMatch)),
                currentActor.get());
        awaitReadModel(id, result.version());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Grant a role (viewer, editor, publisher) to a user (owner)")
    @PutMapping(path = "/{id}/members/{userId}", consumes = JSON)
    ResponseEntity<VersionResponse> grant(@PathVariable String id, @PathVariable String userId,
                                          @RequestBody RoleRequest request) {
        DocumentRole role = DocumentRole.parse(request.role())
                .filter(parsed -> parsed != DocumentRole.OWNER)
                .orElseThrow(() -> DomainException.invalid("role", "role must be one of viewer, editor, publisher; got "
                        + request.role()));
        return versioned(new GrantDocumentRole(DocumentIds.require(id), userId, role));
    }

    @Operation(summary = "Revoke a user's role (owner)")
    @DeleteMapping("/{id}/members/{userId}")
    ResponseEntity<Void> revoke(@PathVariable String id, @PathVariable String userId) {
        CommandResult result = commands.send(new RevokeDocumentRole(DocumentIds.require(id), userId), currentActor.get());
        awaitReadModel(id, result.version());
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<VersionResponse> versioned(Object command) {
        CommandResult result = commands.send(command, currentActor.get());
        awaitReadModel(result.documentId(), result.version());
        return ResponseEntity.ok().eTag(ETags.of(result.version()))
                .body(new VersionResponse(result.documentId(), result.version()));
    }

    private void awaitReadModel(String id, long version) {
        readYourWrites.ifAvailable(progress -> progress.awaitDocumentVersion(id, version));
    }

}
