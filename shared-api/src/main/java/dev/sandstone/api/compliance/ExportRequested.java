package dev.sandstone.api.compliance;

import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;
import java.time.Instant;

/**
 * Someone asked for an export. {@code userId} is set for {@link ExportType#SUBJECT_ACCESS} only; {@code documentId},
 * {@code from} (inclusive) and {@code to} (exclusive) for {@link ExportType#DOCUMENT_AUDIT} only, the range bounds
 * being optional.
 */
public record ExportRequested(String exportId,
                              ExportType type,
                              @PersonalData(Subject.USER) String requestedBy,
                              @PersonalData(Subject.USER) String userId,
                              String documentId,
                              Instant from,
                              Instant to)
        implements ExportEvent {
}
