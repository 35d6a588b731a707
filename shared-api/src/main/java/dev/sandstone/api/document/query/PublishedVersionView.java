package dev.sandstone.api.document.query;

import java.time.Instant;

/** {@code content} is null in the list form. */
public record PublishedVersionView(int publishedVersion, long documentVersion, String title, Instant publishedAt,
                                   String publishedBy, String content) {
}
