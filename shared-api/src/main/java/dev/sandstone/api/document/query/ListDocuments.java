package dev.sandstone.api.document.query;

import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.security.Actor;

/** {@code status} and {@code tag} are optional filters (null = any). */
public record ListDocuments(Actor viewer, DocumentStatus status, String tag, int page, int size) {
}
