package dev.sandstone.api.document.query;

import dev.sandstone.api.security.Actor;

public record FindDocument(String documentId, Actor viewer) {
}
