package dev.sandstone.api.document.query;

import dev.sandstone.api.security.Actor;
import java.time.Instant;

/** The document as it was at {@code version}, or (when version is null) at the instant {@code at}. */
public record FindRevision(String documentId, Long version, Instant at, Actor viewer) {
}
