package dev.sandstone.api.document.query;

import java.time.Instant;

/** {@code type}: created, content_edited, metadata_updated, published, archived, deleted, role_granted, role_revoked. */
public record HistoryEntry(long version, String type, String actor, Instant at, String summary) {
}
