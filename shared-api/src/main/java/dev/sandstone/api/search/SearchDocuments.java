package dev.sandstone.api.search;

import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.security.Actor;

/**
 * Full-text search over the documents the viewer may see. {@code status}, {@code tag} and {@code owner} are
 * optional filters; without {@code status}, archived documents are left out.
 */
public record SearchDocuments(Actor viewer, String q, DocumentStatus status, String tag, String owner, int page,
                              int size) {
}
