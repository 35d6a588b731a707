package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.compliance.ExportCompleted;
import dev.sandstone.api.compliance.ExportEvent;
import dev.sandstone.api.compliance.ExportFailed;
import dev.sandstone.api.compliance.ExportRequested;
import dev.sandstone.api.compliance.ExportType;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.observability.MessageTraceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * Exports are audited like document changes: one immutable record per export event, in the same archive, through the
 * same port, hashed and sealed as every record ({@link AuditChain}, {@link AuditSeals}). Each export is a chain of its own under the key
 * {@code export-<export id>} (in the records' {@code documentId}): version 1 is the request (who asked for which export
 * of whom or what), version 2 its completion (with the archive's SHA-256) or failure. Both adapters store these as
 * they store any record, so {@code GET /api/audit} filters them by {@code type} ({@code export_requested},
 * {@code export_completed}, {@code export_failed}), {@code actor} (who asked) or chain key, and
 * {@code GET /api/audit/verify} checks an export's chain. Export events are sequenced per export in this processor,
 * so a completion is never recorded before its request.
 */
@Component
@ProcessingGroup(AuditProjection.GROUP)
class ExportAuditProjection {

    static final String CHAIN_PREFIX = "export-";

    private final AuditArchive archive;
    private final AuditSeals seals;

    ExportAuditProjection(AuditArchive archive, AuditSeals seals) {
        this.archive = archive;
        this.seals = seals;
    }

    /** The key under which an export's records are chained. */
    static String chainKey(String exportId) {
        return CHAIN_PREFIX + exportId;
    }

    @EventHandler
    void on(ExportEvent event, EventMessage<?> message, @MetaDataValue(Actor.META_ACTOR) String actor,
            @MetaDataValue(MessageTraceContext.TRACEPARENT) String traceparent,
            @MetaDataValue("traceId") String originId) {
        String key = chainKey(event.exportId());
        long version = event instanceof ExportRequested ? 1 : 2;
        String previousHash = version == 1 ? "" : previousHash(key);
        Instant at = message.getTimestamp().truncatedTo(ChronoUnit.MILLIS);
        String who = actor == null ? "system" : actor;
        String summary = summary(event);
        // The summary is sealed under a key of the export's own chain: erasing the exported document leaves the
        // export's chain verifiable, and erasing the exported user turns the summary into one that holds anyway.
        AuditRecordView unsigned = new AuditRecordView(message.getIdentifier(), key, version, type(event), who, at,
                MessageTraceContext.traceId(traceparent).orElse(originId), summary, "", previousHash,
                seals.actorSeal(who), seals.summarySeal(key, summary));
        archive.append(new AuditRecordView(unsigned.eventId(), unsigned.documentId(), unsigned.version(),
                unsigned.type(), unsigned.actor(), unsigned.at(), unsigned.traceId(), unsigned.summary(),
                AuditChain.hash(unsigned), previousHash, unsigned.actorSeal(), unsigned.summarySeal()));
    }

    private String previousHash(String key) {
        return archive.hashOf(key, 1).orElseGet(() -> {
            if (archive.expiresRecords()) {
                return "";
            }
            throw new IllegalStateException("The audit record of the request of " + key
                    + " is missing; its chain cannot continue");
        });
    }

    static String type(ExportEvent event) {
        if (event instanceof ExportRequested) {
            return "export_requested";
        }
        return event instanceof ExportCompleted ? "export_completed" : "export_failed";
    }

    static String summary(ExportEvent event) {
        if (event instanceof ExportRequested requested) {
            return requested.type() == ExportType.SUBJECT_ACCESS
                    // the user id last: a user's erasure replaces it there (AuditArchive#eraseUser)
                    ? "Requested subject-access export " + requested.exportId() + " of user " + requested.userId()
                    : "Requested document-audit export " + requested.exportId() + " of document "
                            + requested.documentId() + range(requested);
        }
        if (event instanceof ExportCompleted completed) {
            return "Completed export " + completed.exportId() + ": archive of " + completed.size() + " bytes, SHA-256 "
                    + completed.sha256();
        }
        ExportFailed failed = (ExportFailed) event;
        return "Failed export " + failed.exportId() + ": " + failed.reason();
    }

    private static String range(ExportRequested requested) {
        if (requested.from() == null && requested.to() == null) {
            return "";
        }
        return " from " + (requested.from() == null ? "the beginning" : requested.from()) + " to "
                + (requested.to() == null ? "now" : requested.to());
    }
}
