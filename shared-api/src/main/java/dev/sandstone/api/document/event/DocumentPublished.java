package dev.sandstone.api.document.event;

/**
 * Freezes the current content as published version n. {@code documentVersion} is the document's version
 * after this event (publishing changes no content, so it names exactly the content that was published).
 */
public record DocumentPublished(String documentId, int publishedVersion, long documentVersion, String publishedBy)
        implements DocumentEvent {
}
