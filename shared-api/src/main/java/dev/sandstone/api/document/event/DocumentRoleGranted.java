package dev.sandstone.api.document.event;

import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;

public record DocumentRoleGranted(String documentId,
                                  @PersonalData(Subject.USER) String userId,
                                  DocumentRole role)
        implements DocumentEvent {
}
