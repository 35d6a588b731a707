package dev.sandstone.api.audit;

import dev.sandstone.api.security.Actor;
import java.time.Instant;

/** Audit records, oldest first, filtered by any of document, actor, type and time range (null = any). */
public record FindAuditRecords(Actor viewer, String documentId, String actor, String type, Instant from, Instant to,
                               int page, int size) {
}
