package dev.sandstone.api.document.event;

public record DocumentDeleted(String documentId) implements DocumentEvent {
}
