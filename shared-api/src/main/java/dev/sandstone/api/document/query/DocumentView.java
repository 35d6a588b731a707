package dev.sandstone.api.document.query;

import dev.sandstone.api.document.DocumentStatus;
import java.time.Instant;
import java.util.List;

/**
 * A document as its readers see it; {@code content} is null in lists, and null with {@code contentTruncated} for a
 * large document, whose content is read from {@code contentUrl} (raw, with byte ranges). {@code contentSize} is the
 * content's length in UTF-8 bytes (null in lists).
 */
public record DocumentView(String id, String title, String content, List<String> tags, DocumentStatus status,
                           long version, String owner, Instant createdAt, Instant updatedAt,
                           Integer latestPublishedVersion, Long contentSize, boolean contentTruncated,
                           String contentUrl) {
}
