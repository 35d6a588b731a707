package dev.sandstone.api.document.event;

import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;

/** The change as a compact delta from the previous content, never the full new content. */
public record DocumentContentEdited(String documentId,
                                    @PersonalData(value = Subject.DOCUMENT, erasedAs = "{\"ops\":[]}") TextDelta delta)
        implements DocumentEvent {
}
