package dev.sandstone.query.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.api.compliance.ExportRequested;
import dev.sandstone.api.compliance.ExportType;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.web.ApiException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExportRequestRulesTest {

    private static final Actor ADMIN = new Actor("root", Set.of(Actor.ADMIN));
    private static final Actor AUDITOR = new Actor("audrey", Set.of(Actor.AUDITOR));
    private static final Actor EDITOR = Actor.user("eddie");

    private static ExportRequestRules.Body subjectAccess(String userId) {
        return new ExportRequestRules.Body("subject-access", userId, null, null, null);
    }

    private static ExportRequestRules.Body documentAudit(String documentId, String from, String to) {
        return new ExportRequestRules.Body("document-audit", null, documentId, from, to);
    }

    @Test
    void an_admin_may_ask_for_a_subject_access_export_of_anyone() {
        ExportRequested requested = ExportRequestRules.decide("e1", ADMIN, subjectAccess(" bob "));

        assertThat(requested).isEqualTo(new ExportRequested("e1", ExportType.SUBJECT_ACCESS, "root", "bob", null,
                null, null));
    }

    @Test
    void auditors_and_admins_may_ask_for_a_document_audit_with_an_optional_range() {
        ExportRequested requested = ExportRequestRules.decide("e2", AUDITOR,
                documentAudit("doc-1", "2026-01-01T00:00:00Z", null));

        assertThat(requested.type()).isEqualTo(ExportType.DOCUMENT_AUDIT);
        assertThat(requested.requestedBy()).isEqualTo("audrey");
        assertThat(requested.documentId()).isEqualTo("doc-1");
        assertThat(requested.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(requested.to()).isNull();
        assertThat(ExportRequestRules.decide("e3", ADMIN, documentAudit("doc-1", null, null)).userId()).isNull();
    }

    @Test
    void callers_without_a_global_role_may_ask_for_no_export_and_learn_nothing_about_the_request_shape() {
        for (ExportRequestRules.Body body : new ExportRequestRules.Body[] {subjectAccess("bob"),
                documentAudit("doc-1", null, null), new ExportRequestRules.Body("nonsense", null, null, null, null),
                new ExportRequestRules.Body(null, null, null, null, null)}) {
            assertRejected(() -> ExportRequestRules.decide("e", EDITOR, body), DomainException.Kind.FORBIDDEN, null);
        }
    }

    @Test
    void an_auditor_may_not_ask_for_a_subject_access_export() {
        assertRejected(() -> ExportRequestRules.decide("e", AUDITOR, subjectAccess("bob")),
                DomainException.Kind.FORBIDDEN, null);
    }

    @Test
    void a_missing_or_unknown_type_is_invalid() {
        assertRejected(() -> ExportRequestRules.decide("e", ADMIN, new ExportRequestRules.Body(null, "bob", null,
                null, null)), DomainException.Kind.INVALID, "type");
        assertRejected(() -> ExportRequestRules.decide("e", ADMIN, new ExportRequestRules.Body("everything", "bob",
                null, null, null)), DomainException.Kind.INVALID, "type");
    }

    @Test
    void each_type_needs_its_subject_and_takes_no_field_of_the_other() {
        assertRejected(() -> ExportRequestRules.decide("e", ADMIN, subjectAccess(" ")), DomainException.Kind.INVALID,
                "userId");
        assertRejected(() -> ExportRequestRules.decide("e", ADMIN, subjectAccess("has space")),
                DomainException.Kind.INVALID, "userId");
        assertRejected(() -> ExportRequestRules.decide("e", ADMIN, subjectAccess("x".repeat(256))),
                DomainException.Kind.INVALID, "userId");
        assertRejected(() -> ExportRequestRules.decide("e", ADMIN, new ExportRequestRules.Body("subject-access", "bob",
                "doc-1", null, null)), DomainException.Kind.INVALID, "documentId");
        assertRejected(() -> ExportRequestRules.decide("e", AUDITOR, documentAudit(null, null, null)),
                DomainException.Kind.INVALID, "documentId");
        assertRejected(() -> ExportRequestRules.decide("e", AUDITOR, new ExportRequestRules.Body("document-audit",
                "bob", "doc-1", null, null)), DomainException.Kind.INVALID, "userId");
    }

    @Test
    void a_range_must_be_instants_with_from_before_to() {
        assertRejected(() -> ExportRequestRules.decide("e", AUDITOR,
                        documentAudit("doc-1", "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z")),
                DomainException.Kind.INVALID, "from");
        assertRejected(() -> ExportRequestRules.decide("e", AUDITOR,
                        documentAudit("doc-1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")),
                DomainException.Kind.INVALID, "from");
        assertThatThrownBy(() -> ExportRequestRules.decide("e", AUDITOR, documentAudit("doc-1", "yesterday", null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.properties()).containsEntry("field",
                        "from"));
    }

    private static void assertRejected(Runnable request, DomainException.Kind kind, String field) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
