package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditPage;
import dev.sandstone.api.audit.AuditVerification;
import dev.sandstone.api.audit.FindAuditRecords;
import dev.sandstone.api.audit.VerifyAuditChain;
import dev.sandstone.platform.security.CurrentActor;
import dev.sandstone.platform.web.ApiException;
import dev.sandstone.platform.web.DocumentIds;
import dev.sandstone.platform.web.Paging;
import dev.sandstone.platform.web.QueryParams;
import dev.sandstone.query.Queries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/audit")
@Tag(name = "audit")
@SecurityRequirement(name = "bearer")
class AuditController {

    private final Queries queries;
    private final CurrentActor currentActor;

    AuditController(Queries queries, CurrentActor currentActor) {
        this.queries = queries;
        this.currentActor = currentActor;
    }

    @Operation(summary = "Audit records, oldest first (auditors and admins)")
    @GetMapping
    AuditPage records(@RequestParam(required = false) String documentId,
                      @RequestParam(required = false) String actor,
                      @RequestParam(required = false) String type,
                      @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to,
                      @RequestParam(defaultValue = "0") int page,
                      @RequestParam(defaultValue = "20") int size) {
        Paging paging = Paging.of(page, size);
        return queries.ask(new FindAuditRecords(currentActor.get(), QueryParams.optional(documentId),
                QueryParams.optional(actor), QueryParams.optional(type), QueryParams.instant("from", from),
                QueryParams.instant("to", to), paging.page(), paging.size()), AuditPage.class);
    }

    @Operation(summary = "Recompute a document's audit hash chain (auditors and admins)")
    @GetMapping("/verify")
    AuditVerification verify(@RequestParam(required = false) String documentId) {
        if (documentId == null || documentId.isBlank()) {
            throw ApiException.badParameter("documentId", "documentId is required");
        }
        return queries.ask(new VerifyAuditChain(currentActor.get(), DocumentIds.require(documentId.strip())),
                AuditVerification.class);
    }
}
