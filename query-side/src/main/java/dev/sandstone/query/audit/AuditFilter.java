package dev.sandstone.query.audit;

import java.time.Instant;

/** Which audit records to return: each field narrows the result, null means any; {@code to} is exclusive. */
public record AuditFilter(String documentId, String actor, String type, Instant from, Instant to) {
}
