package dev.sandstone.api.document.event;

import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;

public record DocumentRoleRevoked(String documentId,
                                  @PersonalData(Subject.USER) String userId,
                                  DocumentRole previousRole)
        implements DocumentEvent {
}
