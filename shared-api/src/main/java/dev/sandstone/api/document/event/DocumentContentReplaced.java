package dev.sandstone.api.document.event;

/**
 * A large document's content (in the blob store) was replaced by content small enough to be inline again. Carries
 * the whole new content, which is at most the inline threshold.
 */
public record DocumentContentReplaced(String documentId, String content) implements DocumentEvent {
}
