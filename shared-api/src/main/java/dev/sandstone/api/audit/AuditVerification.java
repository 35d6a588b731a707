package dev.sandstone.api.audit;

/**
 * The result of recomputing a document's chain; {@code firstBrokenEventId} is null when it is valid.
 * {@code firstVersion} is the version the verified chain starts at: 1, unless the archive's retention period has
 * already removed the oldest records (the chain is then verified from the oldest record kept).
 */
public record AuditVerification(String documentId, long records, long firstVersion, boolean valid,
                                String firstBrokenEventId) {
}
