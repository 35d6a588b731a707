package dev.sandstone.query.documents;

import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.document.query.DocumentPage;
import dev.sandstone.api.document.query.DocumentView;
import dev.sandstone.api.document.query.FindDocumentHistory;
import dev.sandstone.api.document.query.FindDocumentMembers;
import dev.sandstone.api.document.query.FindPublishedVersion;
import dev.sandstone.api.document.query.FindPublishedVersions;
import dev.sandstone.api.document.query.HistoryPage;
import dev.sandstone.api.document.query.ListDocuments;
import dev.sandstone.api.document.query.MemberList;
import dev.sandstone.api.document.query.PublishedVersionList;
import dev.sandstone.api.document.query.PublishedVersionView;
import dev.sandstone.api.document.query.FindRevision;
import dev.sandstone.api.document.query.RevisionView;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.security.CurrentActor;
import dev.sandstone.platform.web.ApiException;
import dev.sandstone.platform.web.DocumentIds;
import dev.sandstone.platform.web.ETags;
import dev.sandstone.platform.web.Paging;
import dev.sandstone.platform.web.QueryParams;
import dev.sandstone.query.Queries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Document reads: each endpoint asks one query and shapes the answer. Reading one document by its id goes to the
 * read model directly: the read model lives in this process in every deployment shape, and the query bus only added
 * a unit of work, a transaction and message objects to a primary-key lookup (a tenth of a GET's CPU). Its
 * {@code FindDocument} handler stays for other processes that ask through the bus.
 */
@RestController
@RequestMapping("/api/documents")
@Tag(name = "documents: queries")
@SecurityRequirement(name = "bearer")
class DocumentQueryController {


    private final Queries queries;
    private final DocumentReadModel readModel;
    private final CurrentActor currentActor;

    DocumentQueryController(Queries queries, DocumentReadModel readModel, CurrentActor currentActor) {
        this.queries = queries;
        this.readModel = readModel;
        this.currentActor = currentActor;
    }

    /** A document in a list: everything but the content. */
    record DocumentSummary(String id, String title, List<String> tags, DocumentStatus status, long version,
                           String owner, Instant createdAt, Instant updatedAt, Integer latestPublishedVersion) {
        static DocumentSummary of(DocumentView view) {
            return new DocumentSummary(view.id(), view.title(), view.tags(), view.status(), view.version(),
                    view.owner(), view.createdAt(), view.updatedAt(), view.latestPublishedVersion());
        }
    }

    record DocumentSummaryPage(List<DocumentSummary> items, int page, int size, long total) {
    }

    record PublishedSummary(int publishedVersion, long documentVersion, String title, Instant publishedAt,
                            String publishedBy) {
    }

    record PublishedSummaryList(List<PublishedSummary> items) {
    }

    @Operation(summary = "Read a document (ETag; If-None-Match answers 304)")
    @GetMapping("/{id}")
    ResponseEntity<DocumentView> get(@PathVariable String id,
                                     @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        String documentId = DocumentIds.require(id);
        Actor viewer = actor();
        if (ifNoneMatch != null) {
            long version = readModel.visibleVersion(documentId, viewer).orElseThrow(DocumentQueryController::notFound);
            if (ETags.matchesNoneMatch(ifNoneMatch, version)) {
                return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(ETags.of(version)).build();
            }
        }
        DocumentView view = readModel.find(documentId, viewer, true).orElseThrow(DocumentQueryController::notFound);
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(view);
    }

    private static DomainException notFound() {
        return DomainException.notFound("No such document");
    }

    @Operation(summary = "List the documents the caller may view, most recently updated first")
    @GetMapping
    DocumentSummaryPage list(@RequestParam(required = false) String status,
                             @RequestParam(required = false) String tag,
                             @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "20") int size) {
        Paging paging = Paging.of(page, size);
        DocumentStatus statusFilter = QueryParams.status(status);
        String tagFilter = tag == null || tag.isBlank() ? null : tag;
        DocumentPage result = queries.ask(new ListDocuments(actor(), statusFilter, tagFilter, paging.page(),
                paging.size()), DocumentPage.class);
        return new DocumentSummaryPage(result.items().stream().map(DocumentSummary::of).toList(), result.page(),
                result.size(), result.total());
    }

    @Operation(summary = "A document's history, newest first")
    @GetMapping("/{id}/history")
    HistoryPage history(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
                        @RequestParam(defaultValue = "20") int size) {
        Paging paging = Paging.of(page, size);
        return queries.ask(new FindDocumentHistory(DocumentIds.require(id), actor(), paging.page(), paging.size()),
                HistoryPage.class);
    }

    @Operation(summary = "Everyone with a role on the document, the owner first")
    @GetMapping("/{id}/members")
    MemberList members(@PathVariable String id) {
        return queries.ask(new FindDocumentMembers(DocumentIds.require(id), actor()), MemberList.class);
    }

    @Operation(summary = "The document's published versions")
    @GetMapping("/{id}/published")
    PublishedSummaryList published(@PathVariable String id) {
        PublishedVersionList list = queries.ask(new FindPublishedVersions(DocumentIds.require(id), actor()),
                PublishedVersionList.class);
        return new PublishedSummaryList(list.items().stream()
                .map(v -> new PublishedSummary(v.publishedVersion(), v.documentVersion(), v.title(), v.publishedAt(),
                        v.publishedBy()))
                .toList());
    }

    @Operation(summary = "One published version with its content, exactly as published")
    @GetMapping("/{id}/published/{n}")
    PublishedVersionView publishedVersion(@PathVariable String id, @PathVariable int n) {
        return queries.ask(new FindPublishedVersion(DocumentIds.require(id), n, actor()), PublishedVersionView.class);
    }

    @Operation(summary = "The document as it was at a version (time travel, rebuilt from its events)")
    @GetMapping("/{id}/revisions/{version}")
    RevisionView revision(@PathVariable String id, @PathVariable long version) {
        if (version < 1) {
            throw ApiException.badParameter("version", "version must be 1 or more; got " + version);
        }
        return queries.ask(new FindRevision(DocumentIds.require(id), version, null, actor()), RevisionView.class);
    }

    @Operation(summary = "The document as it was at an instant (?at=2026-11-24T10:15:30Z)")
    @GetMapping("/{id}/revisions")
    RevisionView revisionAt(@PathVariable String id, @RequestParam(required = false) String at) {
        Instant instant = QueryParams.instant("at", at);
        if (instant == null) {
            throw ApiException.badParameter("at", "at is required: an ISO-8601 instant such as 2026-11-24T10:15:30Z");
        }
        return queries.ask(new FindRevision(DocumentIds.require(id), null, instant, actor()), RevisionView.class);
    }

    private Actor actor() {
        return currentActor.get();
    }

}
