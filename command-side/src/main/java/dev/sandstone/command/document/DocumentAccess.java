package dev.sandstone.command.document;

import static dev.sandstone.api.error.DomainException.forbidden;
import static dev.sandstone.api.error.DomainException.notFound;

import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.privacy.ErasedData;
import dev.sandstone.api.security.Actor;
import java.util.Map;

/**
 * Who may do what to a document. Admins may do everything. Someone with no role on the document learns
 * nothing about it (404); auditors and members whose role is too low are told no (403).
 */
final class DocumentAccess {

    private DocumentAccess() {
    }

    static void require(Actor actor, String owner, Map<String, DocumentRole> members, DocumentRole needed) {
        if (actor.isAdmin()) {
            return;
        }
        DocumentRole role = roleOf(actor.userId(), owner, members);
        if (role == null && !actor.canViewEverything()) {
            throw notFound("No such document");
        }
        if (actor.isReadOnly()) {
            throw forbidden("Auditors may read documents but not change them");
        }
        if (role == null || !role.includes(needed)) {
            throw forbidden("This needs the " + needed.wireName() + " role on the document; you have "
                    + (role == null ? "none" : "the " + role.wireName() + " role"));
        }
    }

    static DocumentRole roleOf(String userId, String owner, Map<String, DocumentRole> members) {
        if (ErasedData.isErased(userId)) {
            return null;
        }
        return userId.equals(owner) ? DocumentRole.OWNER : members.get(userId);
    }
}
