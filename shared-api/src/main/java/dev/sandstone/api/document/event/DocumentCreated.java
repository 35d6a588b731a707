package dev.sandstone.api.document.event;

import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;
import java.util.List;

public record DocumentCreated(String documentId,
                              @PersonalData(Subject.DOCUMENT) String title,
                              @PersonalData(value = Subject.DOCUMENT, erasedAs = "\"\"") String content,
                              @PersonalData(value = Subject.DOCUMENT, erasedAs = "[]") List<String> tags,
                              @PersonalData(Subject.USER) String owner)
        implements DocumentEvent {
}
