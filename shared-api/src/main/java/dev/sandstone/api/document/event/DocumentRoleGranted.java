package dev.sandstone.api.document.event;

import dev.sandstone.api.document.DocumentRole;

public record DocumentRoleGranted(String documentId, String userId, DocumentRole role) implements DocumentEvent {
}
