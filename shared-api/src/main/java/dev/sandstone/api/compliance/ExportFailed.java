package dev.sandstone.api.compliance;

/** The export could not be produced and will not be retried; {@code reason} says why (no personal data). */
public record ExportFailed(String exportId, String reason) implements ExportEvent {
}
