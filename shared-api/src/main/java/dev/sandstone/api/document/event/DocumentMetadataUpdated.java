package dev.sandstone.api.document.event;

import java.util.List;

/** Carries the complete title and tags after the update. */
public record DocumentMetadataUpdated(String documentId, String title, List<String> tags) implements DocumentEvent {
}
