package dev.sandstone.api.document.query;

import dev.sandstone.api.security.Actor;

public record FindPublishedVersion(String documentId, int publishedVersion, Actor viewer) {
}
