package dev.sandstone.api.document.event;

public record DocumentArchived(String documentId) implements DocumentEvent {
}
