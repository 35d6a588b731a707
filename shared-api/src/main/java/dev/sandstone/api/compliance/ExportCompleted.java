package dev.sandstone.api.compliance;

/** The export's archive is stored: {@code size} bytes under {@code archiveKey} in the blob store, with its SHA-256. */
public record ExportCompleted(String exportId, String archiveKey, long size, String sha256) implements ExportEvent {
}
