package dev.sandstone.api.document.event;

import dev.sandstone.api.document.TextDelta;

/** The change as a compact delta from the previous content, never the full new content. */
public record DocumentContentEdited(String documentId, TextDelta delta) implements DocumentEvent {
}
