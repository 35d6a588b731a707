package dev.sandstone.api.document.event;

import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;

/**
 * A large document's content (in the blob store) was replaced by content small enough to be inline again. Carries
 * the whole new content, which is at most the inline threshold.
 */
public record DocumentContentReplaced(String documentId,
                                      @PersonalData(value = Subject.DOCUMENT, erasedAs = "\"\"") String content)
        implements DocumentEvent {
}
