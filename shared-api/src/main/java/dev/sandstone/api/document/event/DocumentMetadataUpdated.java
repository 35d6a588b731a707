package dev.sandstone.api.document.event;

import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;
import java.util.List;

/** Carries the complete title and tags after the update. */
public record DocumentMetadataUpdated(String documentId,
                                      @PersonalData(Subject.DOCUMENT) String title,
                                      @PersonalData(value = Subject.DOCUMENT, erasedAs = "[]") List<String> tags)
        implements DocumentEvent {
}
