package dev.sandstone.api.document.query;

import dev.sandstone.api.security.Actor;

public record FindPublishedVersions(String documentId, Actor viewer) {
}
