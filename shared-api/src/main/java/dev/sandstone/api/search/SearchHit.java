package dev.sandstone.api.search;

import dev.sandstone.api.document.DocumentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One result. {@code highlights} maps {@code title} and {@code content} to fragments in which matched words are
 * wrapped in {@code <em>}…{@code </em>} and everything else is HTML-escaped.
 */
public record SearchHit(String id, String title, DocumentStatus status, List<String> tags, Instant updatedAt,
                        double score, Map<String, List<String>> highlights) {
}
