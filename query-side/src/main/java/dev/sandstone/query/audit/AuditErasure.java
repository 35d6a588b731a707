package dev.sandstone.query.audit;

import dev.sandstone.query.erasure.ErasureStep;
import org.springframework.stereotype.Component;

/**
 * The audit archive's part in an erasure: records stay (they are the evidence), their personal fields become
 * "[erased]", and their chain stays valid because it hashes only erasure-stable fields and seals.
 */
@Component
class AuditErasure implements ErasureStep {

    private final AuditArchive archive;

    AuditErasure(AuditArchive archive) {
        this.archive = archive;
    }

    @Override
    public String store() {
        return "audit-archive";
    }

    @Override
    public long eraseDocument(String documentId) {
        return archive.eraseDocument(documentId);
    }

    @Override
    public long eraseUser(String userId) {
        return archive.eraseUser(userId);
    }

    @Override
    public String detail() {
        return "audit records anonymised (summary for a document; actor and role changes naming a user)";
    }
}
