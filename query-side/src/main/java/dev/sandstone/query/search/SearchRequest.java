package dev.sandstone.query.search;

import dev.sandstone.api.document.DocumentStatus;
import java.util.List;

/**
 * A parsed, authorised search. {@code viewer} is null when the caller may see everything; {@code excludedIds}
 * are documents the viewer lost access to (authoritative, from the read model). {@code status} null means
 * "anything but archived".
 */
public record SearchRequest(SearchText text, DocumentStatus status, String tag, String owner, String viewer,
                            List<String> excludedIds, int page, int size) {
}
