package dev.sandstone.api.document.query;

import dev.sandstone.api.security.Actor;

/** The current content of a document ({@code publishedVersion} null) or of one of its published versions. */
public record FindDocumentContent(String documentId, Actor viewer, Integer publishedVersion) {
}
