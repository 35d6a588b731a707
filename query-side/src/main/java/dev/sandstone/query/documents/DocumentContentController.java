package dev.sandstone.query.documents;

import dev.sandstone.api.document.query.ContentLocation;
import dev.sandstone.api.document.query.FindDocumentContent;
import dev.sandstone.api.document.query.FindRevisionContent;
import dev.sandstone.platform.web.ApiException;
import dev.sandstone.platform.blob.DocumentBlobs;
import dev.sandstone.platform.security.CurrentActor;
import dev.sandstone.platform.web.DocumentIds;
import dev.sandstone.query.Queries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Raw content, for documents of any size: {@code Range: bytes=…} gives 206 with {@code Content-Range}, the ETag is
 * the content's SHA-256 and {@code If-None-Match} gives 304. Large contents are streamed chunk by chunk from the blob
 * store (decrypted under the document's key), reading only the chunks a range touches; content whose document was
 * erased answers 410.
 */
@RestController
@RequestMapping("/api/documents/{id}")
@Tag(name = "documents: queries")
@SecurityRequirement(name = "bearer")
class DocumentContentController {

    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final Queries queries;
    private final CurrentActor currentActor;
    private final DocumentBlobs blobs;
    private final String publishedCacheControl;

    DocumentContentController(Queries queries, CurrentActor currentActor, DocumentBlobs blobs,
                              @Value("${sandstone.documents.published-cache-control:private, max-age=31536000, immutable}")
                              String publishedCacheControl) {
        this.queries = queries;
        this.currentActor = currentActor;
        this.blobs = blobs;
        this.publishedCacheControl = publishedCacheControl;
    }

    @Operation(summary = "The current content, raw (byte ranges, ETag)")
    @GetMapping("/content")
    ResponseEntity<Resource> content(@PathVariable String id,
                                     @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ContentLocation location = queries.ask(new FindDocumentContent(DocumentIds.require(id), currentActor.get(),
                null), ContentLocation.class);
        return serve(id, location, ifNoneMatch, "private, no-cache");
    }

    @Operation(summary = "A published version's content, raw and immutable (byte ranges, ETag)")
    @GetMapping("/published/{n}/content")
    ResponseEntity<Resource> published(@PathVariable String id, @PathVariable int n,
                                       @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ContentLocation location = queries.ask(new FindDocumentContent(DocumentIds.require(id), currentActor.get(),
                n), ContentLocation.class);
        return serve(id, location, ifNoneMatch, publishedCacheControl);
    }

    @Operation(summary = "The content of a past version, raw (byte ranges, ETag), rebuilt from the events")
    @GetMapping("/revisions/{version}/content")
    ResponseEntity<Resource> revision(@PathVariable String id, @PathVariable long version,
                                      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        if (version < 1) {
            throw ApiException.badParameter("version", "version must be 1 or more; got " + version);
        }
        ContentLocation location = queries.ask(new FindRevisionContent(DocumentIds.require(id), version,
                currentActor.get()), ContentLocation.class);
        return serve(id, location, ifNoneMatch, "private, max-age=31536000, immutable");
    }

    private ResponseEntity<Resource> serve(String documentId, ContentLocation location, String ifNoneMatch,
                                           String cacheControl) {
        byte[] inline = location.stored() ? null : location.inline().getBytes(StandardCharsets.UTF_8);
        String etag = "\"" + (location.stored() ? location.sha256() : sha256(inline)) + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag)
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
        }
        Resource body = location.stored() ? ChunkedContent.of(blobs, documentId, location)
                : new ByteArrayResource(inline);
        return ResponseEntity.ok().contentType(TEXT).eTag(etag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.ACCEPT_RANGES, "bytes").body(body);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
