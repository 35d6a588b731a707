package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.document.event.DocumentEvent;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.observability.MessageTraceContext;
import dev.sandstone.query.history.DocumentEventDescriptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * One immutable, hash-chained audit record per document event, idempotent by event id, in its own processing
 * group. Records are chained per document in version order, which the processor's per-document ordering gives.
 * There is deliberately no reset handler: replaying the audit processor adds missing records and never deletes
 * one, so a replay can neither erase evidence nor repair a tampered record.
 */
@Component
@ProcessingGroup(AuditProjection.GROUP)
class AuditProjection {

    static final String GROUP = "audit";

    private final AuditArchive archive;
    private final AuditSeals seals;

    AuditProjection(AuditArchive archive, AuditSeals seals) {
        this.archive = archive;
        this.seals = seals;
    }

    /**
     * The record's trace id is the W3C trace id of the request that caused the event when it was traced (the same
     * {@code traceId} its logs and spans carry), else the id of the message that started the chain (Axon's origin).
     */
    @EventHandler
    void on(DocumentEvent event, EventMessage<?> message, @SequenceNumber long sequence,
            @MetaDataValue(Actor.META_ACTOR) String actor,
            @MetaDataValue(MessageTraceContext.TRACEPARENT) String traceparent,
            @MetaDataValue("traceId") String originId) {
        String traceId = MessageTraceContext.traceId(traceparent).orElse(originId);
        long version = sequence + 1;
        String previousHash = version == 1 ? "" : previousHash(event.documentId(), version - 1);
        // Every archive keeps at least milliseconds (MongoDB keeps no more): hash what is stored, so verification
        // recomputes the same value.
        Instant at = message.getTimestamp().truncatedTo(ChronoUnit.MILLIS);
        String who = actor == null ? "system" : actor;
        String summary = DocumentEventDescriptions.summary(event);
        AuditRecordView unsigned = new AuditRecordView(message.getIdentifier(), event.documentId(), version,
                DocumentEventDescriptions.type(event), who, at, traceId, summary, "", previousHash,
                seals.actorSeal(who), seals.summarySeal(event.documentId(), summary));
        archive.append(new AuditRecordView(unsigned.eventId(), unsigned.documentId(), unsigned.version(),
                unsigned.type(), unsigned.actor(), unsigned.at(), unsigned.traceId(), unsigned.summary(),
                AuditChain.hash(unsigned), previousHash, unsigned.actorSeal(), unsigned.summarySeal()));
    }

    /**
     * Records are appended in version order, so a missing predecessor either outlived the archive's retention
     * period (the chain then restarts from this record) or was lost, which must stop the processor, not be papered
     * over.
     */
    private String previousHash(String documentId, long previousVersion) {
        return archive.hashOf(documentId, previousVersion).orElseGet(() -> {
            if (archive.expiresRecords()) {
                return "";
            }
            throw new IllegalStateException("Audit record " + previousVersion + " of document " + documentId
                    + " is missing; the chain cannot continue");
        });
    }
}
