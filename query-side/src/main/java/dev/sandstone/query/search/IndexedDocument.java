package dev.sandstone.query.search;

import dev.sandstone.api.document.DocumentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A document as the search index holds it; {@code viewers} are everyone with a role on it. */
public record IndexedDocument(String id, String title, String content, List<String> tags, DocumentStatus status,
                              String owner, Set<String> viewers, Instant updatedAt, long version) {

    public IndexedDocument {
        tags = List.copyOf(tags);
        viewers = Set.copyOf(viewers);
    }
}
