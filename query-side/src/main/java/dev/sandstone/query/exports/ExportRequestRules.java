package dev.sandstone.query.exports;

import dev.sandstone.api.compliance.ExportRequested;
import dev.sandstone.api.compliance.ExportType;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.web.QueryParams;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Who may ask for which export, and what a request must hold. Callers who may ask for no export at all learn nothing
 * about the request's shape (403 before any 400); a subject-access export is for admins only (it reveals everything
 * about a person), a document audit for auditors and admins.
 */
final class ExportRequestRules {

    /** The body of {@code POST /api/exports}; instants as text, so a bad one is a 400 naming its field. */
    record Body(String type, String userId, String documentId, String from, String to) {
    }

    static final int MAX_USER_ID = 255;

    private ExportRequestRules() {
    }

    static ExportRequested decide(String exportId, Actor requester, Body body) {
        if (!requester.canViewEverything()) {
            throw DomainException.forbidden("Exports are for admins (subject access) and for auditors and admins "
                    + "(document audit)");
        }
        String typeName = QueryParams.optional(body.type());
        if (typeName == null) {
            throw DomainException.invalid("type", "type is required: one of " + knownTypes());
        }
        ExportType type = ExportType.parse(typeName).orElseThrow(() -> DomainException.invalid("type",
                "Unknown export type '" + typeName + "'; known types are " + knownTypes()));
        return switch (type) {
            case SUBJECT_ACCESS -> subjectAccess(exportId, requester, body);
            case DOCUMENT_AUDIT -> documentAudit(exportId, requester, body);
        };
    }

    private static ExportRequested subjectAccess(String exportId, Actor requester, Body body) {
        if (!requester.isAdmin()) {
            throw DomainException.forbidden("Subject-access exports are for admins");
        }
        unused(body.documentId(), "documentId", "subject-access");
        unused(body.from(), "from", "subject-access");
        unused(body.to(), "to", "subject-access");
        String userId = QueryParams.optional(body.userId());
        if (userId == null) {
            throw DomainException.invalid("userId", "userId is required for a subject-access export");
        }
        if (userId.length() > MAX_USER_ID || userId.codePoints().anyMatch(c -> Character.isISOControl(c)
                || Character.isWhitespace(c))) {
            throw DomainException.invalid("userId", "userId must be 1-" + MAX_USER_ID
                    + " characters without spaces or control characters");
        }
        return new ExportRequested(exportId, ExportType.SUBJECT_ACCESS, requester.userId(), userId, null, null, null);
    }

    private static ExportRequested documentAudit(String exportId, Actor requester, Body body) {
        unused(body.userId(), "userId", "document-audit");
        String documentId = QueryParams.optional(body.documentId());
        if (documentId == null) {
            throw DomainException.invalid("documentId", "documentId is required for a document-audit export");
        }
        Instant from = QueryParams.instant("from", body.from());
        Instant to = QueryParams.instant("to", body.to());
        if (from != null && to != null && !from.isBefore(to)) {
            throw DomainException.invalid("from", "from (" + from + ") must be before to (" + to + ")");
        }
        return new ExportRequested(exportId, ExportType.DOCUMENT_AUDIT, requester.userId(), null, documentId, from,
                to);
    }

    private static void unused(String value, String field, String type) {
        if (QueryParams.optional(value) != null) {
            throw DomainException.invalid(field, field + " is not used by " + type + " exports");
        }
    }

    private static String knownTypes() {
        return Arrays.stream(ExportType.values()).map(ExportType::wireName).collect(Collectors.joining(", "));
    }
}
