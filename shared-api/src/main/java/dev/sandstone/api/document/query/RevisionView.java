package dev.sandstone.api.document.query;

import dev.sandstone.api.document.DocumentStatus;
import java.time.Instant;
import java.util.List;

/**
 * A past state of a document, rebuilt from its events; {@code at} is when that version came to be. For a large
 * document (content in the blob store) {@code content} is null and {@code contentTruncated} true; {@code contentSize}
 * and {@code contentSha256} then identify the content of that version.
 */
public record RevisionView(String id, long version, String title, String content, List<String> tags,
                           DocumentStatus status, Instant at, boolean contentTruncated, Long contentSize,
                           String contentSha256) {
}
