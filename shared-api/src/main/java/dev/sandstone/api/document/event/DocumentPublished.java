package dev.sandstone.api.document.event;

import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;

/**
 * Freezes the current content as published version n. {@code documentVersion} is the document's version
 * after this event (publishing changes no content, so it names exactly the content that was published).
 */
public record DocumentPublished(String documentId, int publishedVersion, long documentVersion,
                                @PersonalData(Subject.USER) String publishedBy)
        implements DocumentEvent {
}
