package dev.sandstone.api.document.query;

import dev.sandstone.api.security.Actor;

/** Where the content of a document's {@code version} is (inline, or its chunks in the blob store). */
public record FindRevisionContent(String documentId, long version, Actor viewer) {
}
