package dev.sandstone.api.audit;

import java.time.Instant;

/**
 * One immutable record per event. {@code hash} is SHA-256 over the record's canonical content and
 * {@code previousHash}, the hash of the same document's previous record (empty for the first).
 */
public record AuditRecordView(String eventId, String documentId, long version, String type, String actor, Instant at,
                              String traceId, String summary, String hash, String previousHash) {
}
