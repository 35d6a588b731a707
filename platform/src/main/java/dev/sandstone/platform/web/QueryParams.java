package dev.sandstone.platform.web;

import dev.sandstone.api.document.DocumentStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Optional query parameters read the same way everywhere: blank means absent, a bad value is a 400. */
public final class QueryParams {

    private QueryParams() {
    }

    /** The value stripped of surrounding blanks, or null when it is missing or blank. */
    public static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** {@code DRAFT}, {@code PUBLISHED} or {@code ARCHIVED} (any case), or null when missing or blank. */
    public static DocumentStatus status(String value) {
        if (optional(value) == null) {
            return null;
        }
        return DocumentStatus.parse(value).orElseThrow(() -> ApiException.badParameter("status",
                "status must be one of DRAFT, PUBLISHED, ARCHIVED; got " + value));
    }

    /** An ISO-8601 instant, or null when missing or blank. */
    public static Instant instant(String name, String value) {
        if (optional(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name,
                    name + " must be an ISO-8601 instant such as 2026-11-24T10:15:30Z; got " + value);
        }
    }
}
