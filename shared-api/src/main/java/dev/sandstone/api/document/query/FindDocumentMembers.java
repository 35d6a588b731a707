package dev.sandstone.api.document.query;

import dev.sandstone.api.security.Actor;

public record FindDocumentMembers(String documentId, Actor viewer) {
}
