package dev.sandstone.api.audit;

/** The result of recomputing a document's chain; {@code firstBrokenEventId} is null when it is valid. */
public record AuditVerification(String documentId, long records, boolean valid, String firstBrokenEventId) {
}
