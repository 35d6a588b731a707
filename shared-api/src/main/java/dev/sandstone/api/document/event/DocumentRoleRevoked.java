package dev.sandstone.api.document.event;

import dev.sandstone.api.document.DocumentRole;

public record DocumentRoleRevoked(String documentId, String userId, DocumentRole previousRole) implements DocumentEvent {
}
