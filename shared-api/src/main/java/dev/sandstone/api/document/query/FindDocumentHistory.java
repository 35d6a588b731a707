package dev.sandstone.api.document.query;

import dev.sandstone.api.security.Actor;

public record FindDocumentHistory(String documentId, Actor viewer, int page, int size) {
}
