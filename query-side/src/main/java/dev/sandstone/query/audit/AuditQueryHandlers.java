package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditPage;
import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.audit.AuditVerification;
import dev.sandstone.api.audit.FindAuditRecords;
import dev.sandstone.api.audit.VerifyAuditChain;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.security.Actor;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** The audit log and its verification, for auditors and admins only. */
@Component
class AuditQueryHandlers {

    private final AuditStore store;

    AuditQueryHandlers(AuditStore store) {
        this.store = store;
    }

    @QueryHandler
    AuditPage handle(FindAuditRecords q) {
        requireAuditor(q.viewer());
        return new AuditPage(store.page(q.documentId(), q.actor(), q.type(), q.from(), q.to(), q.page(), q.size()),
                q.page(), q.size(), store.count(q.documentId(), q.actor(), q.type(), q.from(), q.to()));
    }

    @QueryHandler
    AuditVerification handle(VerifyAuditChain q) {
        requireAuditor(q.viewer());
        List<AuditRecordView> chain = store.chain(q.documentId());
        if (chain.isEmpty()) {
            throw DomainException.notFound("No audit records for document " + q.documentId());
        }
        String broken = AuditChain.firstBroken(chain);
        return new AuditVerification(q.documentId(), chain.size(), broken == null, broken);
    }

    private static void requireAuditor(Actor viewer) {
        if (!viewer.canViewEverything()) {
            throw DomainException.forbidden("The audit log is for auditors and admins");
        }
    }
}
