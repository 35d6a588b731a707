package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditPage;
import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.audit.AuditVerification;
import dev.sandstone.api.audit.FindAuditRecords;
import dev.sandstone.api.audit.VerifyAuditChain;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.security.Actor;
import java.util.stream.Stream;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** The audit log and its verification, for auditors and admins only. */
@Component
class AuditQueryHandlers {

    private final AuditArchive archive;
    private final AuditSeals seals;

    AuditQueryHandlers(AuditArchive archive, AuditSeals seals) {
        this.archive = archive;
        this.seals = seals;
    }

    @QueryHandler
    AuditPage handle(FindAuditRecords q) {
        requireAuditor(q.viewer());
        AuditFilter filter = new AuditFilter(q.documentId(), q.actor(), q.type(), q.from(), q.to());
        return new AuditPage(archive.page(filter, q.page(), q.size()), q.page(), q.size(), archive.count(filter));
    }

    @QueryHandler
    AuditVerification handle(VerifyAuditChain q) {
        requireAuditor(q.viewer());
        AuditVerification verification;
        try (Stream<AuditRecordView> chain = archive.chain(q.documentId())) {
            verification = AuditChain.verify(q.documentId(), chain.iterator(), archive.expiresRecords(),
                    seals);
        }
        if (verification.records() == 0) {
            throw DomainException.notFound("No audit records for document " + q.documentId());
        }
        return verification;
    }

    private static void requireAuditor(Actor viewer) {
        if (!viewer.canViewEverything()) {
            throw DomainException.forbidden("The audit log is for auditors and admins");
        }
    }
}
