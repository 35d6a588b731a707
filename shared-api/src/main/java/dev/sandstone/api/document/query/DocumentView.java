package dev.sandstone.api.document.query;

import dev.sandstone.api.document.DocumentStatus;
import java.time.Instant;
import java.util.List;

/** A document as its readers see it; {@code content} is null in lists. */
public record DocumentView(String id, String title, String content, List<String> tags, DocumentStatus status,
                           long version, String owner, Instant createdAt, Instant updatedAt,
                           Integer latestPublishedVersion) {
}
