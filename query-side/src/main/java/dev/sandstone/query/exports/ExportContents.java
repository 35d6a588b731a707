package dev.sandstone.query.exports;

import dev.sandstone.api.audit.AuditPage;
import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.audit.AuditVerification;
import dev.sandstone.api.audit.FindAuditRecords;
import dev.sandstone.api.audit.VerifyAuditChain;
import dev.sandstone.api.compliance.ExportRequested;
import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.document.event.DocumentEvent;
import dev.sandstone.api.document.query.DocumentPage;
import dev.sandstone.api.document.query.DocumentView;
import dev.sandstone.api.document.query.FindDocumentMembers;
import dev.sandstone.api.document.query.ListDocuments;
import dev.sandstone.api.document.query.MemberList;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.observability.MessageTraceContext;
import dev.sandstone.query.Queries;
import dev.sandstone.query.documents.DocumentReadModel;
import dev.sandstone.query.history.DocumentEventDescriptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryExecutionException;
import org.springframework.stereotype.Component;

/**
 * What goes into each kind of export, read the way the API reads it: documents, members and audit records through the
 * same queries the HTTP endpoints ask (as the data subject sees them, or as an auditor), a document's events from the
 * event store. Each writer fills the archive's NDJSON entries and returns the lines of its summary.
 */
@Component
class ExportContents {

    static final String DOCUMENTS = "documents.ndjson";
    static final String ROLES = "roles.ndjson";
    static final String AUDIT = "audit.ndjson";
    static final String EVENTS = "events.ndjson";
    static final String VERIFICATION = "audit-verification.json";

    private static final int PAGE = 100;
    /** Reads audit records on the exporter's behalf: sees everything, changes nothing. */
    private static final Actor EXPORTER = new Actor("sandstone-exports", Set.of(Actor.AUDITOR));

    /** A document as {@code GET /api/documents} lists it. */
    record DocumentEntry(String id, String title, List<String> tags, DocumentStatus status, long version,
                         String owner, Instant createdAt, Instant updatedAt, Integer latestPublishedVersion) {
        static DocumentEntry of(DocumentView view) {
            return new DocumentEntry(view.id(), view.title(), view.tags(), view.status(), view.version(),
                    view.owner(), view.createdAt(), view.updatedAt(), view.latestPublishedVersion());
        }
    }

    /** The data subject's role on a document, as {@code GET /api/documents/{id}/members} shows it. */
    record RoleEntry(String documentId, String userId, String role) {
    }

    /**
     * One event of a document: its history line ({@code version}, {@code type}, {@code actor}, {@code at},
     * {@code summary}, as {@code GET /api/documents/{id}/history} shows it), the event's id (the audit record's
     * {@code eventId}), its class and its payload as stored.
     */
    record EventEntry(long version, String eventId, String eventType, String type, String actor, Instant at,
                      String traceId, String summary, Object payload) {
    }

    private final Queries queries;
    private final EventStore eventStore;
    private final DocumentReadModel documents;

    ExportContents(Queries queries, EventStore eventStore, DocumentReadModel documents) {
        this.queries = queries;
        this.eventStore = eventStore;
        this.documents = documents;
    }

    /** The documents the user may view (as they see them), their role on each, the audit records they caused. */
    List<String> subjectAccess(ExportRequested request, ExportArchive archive, JobProgress progress) {
        Actor subject = Actor.user(request.userId());
        List<RoleEntry> roles = new ArrayList<>();
        try (ExportArchive.Records out = archive.records(DOCUMENTS)) {
            pages(page -> queries.ask(new ListDocuments(subject, null, null, page, PAGE), DocumentPage.class),
                    DocumentPage::total, DocumentPage::items, progress, view -> {
                        out.write(DocumentEntry.of(view));
                        role(view.id(), subject).ifPresent(roles::add);
                    });
        }
        try (ExportArchive.Records out = archive.records(ROLES)) {
            roles.forEach(out::write);
        }
        long audit = writeAudit(archive, null, request.userId(), null, null, progress);
        return List.of(
                "- `" + DOCUMENTS + "`: " + archive.recordCounts().get(DOCUMENTS) + " documents the user owns or has"
                        + " a role on, as `GET /api/documents` lists them for the user (metadata; contents stay"
                        + " readable through the API)",
                "- `" + ROLES + "`: " + roles.size() + " roles of the user, one per document",
                "- `" + AUDIT + "`: " + audit + " audit records of changes the user made (`actor` = the user)");
    }

    /** The document's events in the range (history and payloads), its audit records, and its chain verified. */
    List<String> documentAudit(ExportRequested request, ExportArchive archive, JobProgress progress) {
        String id = request.documentId();
        progress.expect(documents.version(id).orElse(0L));
        long events = 0;
        try (ExportArchive.Records out = archive.records(EVENTS)) {
            DomainEventStream stream = eventStore.readEvents(id, 0);
            while (stream.hasNext()) {
                DomainEventMessage<?> message = stream.next();
                if (inRange(message.getTimestamp(), request.from(), request.to())
                        && message.getPayload() instanceof DocumentEvent event) {
                    out.write(event(message, event));
                    events++;
                    progress.advance();
                }
            }
        }
        long audit = writeAudit(archive, id, null, request.from(), request.to(), progress);
        String verified = verify(id, archive);
        return List.of(
                "- `" + EVENTS + "`: " + events + " events of the document, oldest first: each its history line (as"
                        + " `GET /api/documents/{id}/history` shows it), event id and stored payload",
                "- `" + AUDIT + "`: " + audit + " audit records of the document (as `GET /api/audit?documentId=` lists"
                        + " them), each chained to the previous one by SHA-256",
                "- `" + VERIFICATION + "`: the whole chain recomputed when the export ran: " + verified);
    }

    private Optional<RoleEntry> role(String documentId, Actor subject) {
        try {
            return queries.ask(new FindDocumentMembers(documentId, subject), MemberList.class).items().stream()
                    .filter(member -> member.userId().equals(subject.userId())).findFirst()
                    .map(member -> new RoleEntry(documentId, member.userId(), member.role()));
        } catch (RuntimeException failure) {
            // deleted (or the role revoked) since it was listed
            return notFound(failure).map(gone -> Optional.<RoleEntry>empty()).orElseThrow(() -> failure);
        }
    }

    private long writeAudit(ExportArchive archive, String documentId, String actor, Instant from, Instant to,
                            JobProgress progress) {
        try (ExportArchive.Records out = archive.records(AUDIT)) {
            pages(page -> queries.ask(new FindAuditRecords(EXPORTER, documentId, actor, null, from, to, page, PAGE),
                    AuditPage.class), AuditPage::total, AuditPage::items, progress, out::write);
            return out.count();
        }
    }

    private String verify(String documentId, ExportArchive archive) {
        String outcome;
        Object verification;
        try {
            AuditVerification result = queries.ask(new VerifyAuditChain(EXPORTER, documentId),
                    AuditVerification.class);
            verification = result;
            outcome = result.valid() ? "valid (" + result.records() + " records from version " + result.firstVersion()
                    + ")" : "BROKEN at event " + result.firstBrokenEventId();
        } catch (RuntimeException failure) {
            DomainException none = notFound(failure).orElseThrow(() -> failure);
            verification = Map.of("documentId", documentId, "records", 0, "valid", false,
                    "detail", none.getMessage());
            outcome = "no audit records";
        }
        try (ExportArchive.Records out = archive.records(VERIFICATION)) {
            out.write(verification);
        }
        return outcome;
    }

    /** A query's "not found" answer, however the query bus delivered it (as it is, or wrapped by a remote bus). */
    private static Optional<DomainException> notFound(RuntimeException failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            Object details = cause instanceof QueryExecutionException remote ? remote.getDetails().orElse(null) : null;
            DomainException domain = cause instanceof DomainException d ? d
                    : details instanceof DomainException d ? d : null;
            if (domain != null && domain.kind() == DomainException.Kind.NOT_FOUND) {
                return Optional.of(domain);
            }
        }
        return Optional.empty();
    }

    private static EventEntry event(DomainEventMessage<?> message, DocumentEvent event) {
        Object actor = message.getMetaData().get(Actor.META_ACTOR);
        Object traceparent = message.getMetaData().get(MessageTraceContext.TRACEPARENT);
        Object origin = message.getMetaData().get("traceId");
        String traceId = MessageTraceContext.traceId(traceparent == null ? null : traceparent.toString())
                .orElse(origin == null ? null : origin.toString());
        return new EventEntry(message.getSequenceNumber() + 1, message.getIdentifier(),
                message.getPayloadType().getSimpleName(), DocumentEventDescriptions.type(event),
                actor == null ? "system" : actor.toString(), message.getTimestamp(), traceId,
                DocumentEventDescriptions.summary(event), event);
    }

    /** The audit archive keeps milliseconds: events are compared at that precision too, so both files agree. */
    private static boolean inRange(Instant at, Instant from, Instant to) {
        Instant millis = at.truncatedTo(ChronoUnit.MILLIS);
        return (from == null || !millis.isBefore(from)) && (to == null || millis.isBefore(to));
    }

    /** Reads every page of a paged query, announcing its total to the progress before the first item. */
    private static <P, T> void pages(IntFunction<P> query, ToLongFunction<P> total,
                                     Function<P, List<T>> items, JobProgress progress,
                                     Consumer<T> each) {
        for (int page = 0; ; page++) {
            P answer = query.apply(page);
            if (page == 0) {
                progress.expect(total.applyAsLong(answer));
            }
            List<T> found = items.apply(answer);
            for (T item : found) {
                each.accept(item);
                progress.advance();
            }
            if (found.size() < PAGE) {
                return;
            }
        }
    }
}
