package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.document.event.DocumentEvent;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.observability.MessageTraceContext;
import dev.sandstone.query.history.DocumentEventDescriptions;
import dev.sandstone.query.processors.BatchScope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * One immutable, hash-chained audit record per document event, idempotent by event id, in its own processing
 * group. Records are chained per document in version order, which the processor's per-document ordering gives.
 * A processor batch's records are appended in one call when the batch prepares its commit, each chained to the
 * one before it in the batch (or to the stored one, read once per document and batch).
 *
 * <p>There is deliberately no reset handler: replaying the audit processor adds missing records and never deletes
 * one, so a replay can neither erase evidence nor repair a tampered record.
 */
@Component
@ProcessingGroup(AuditProjection.GROUP)
class AuditProjection {

    static final String GROUP = "audit";

    private static final String BATCH = AuditProjection.class.getName() + ".batch";
    /** How many versions past the first one a batch needs are read at once (the batch size is 100 by default). */
    private static final long WINDOW = 1000;

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
        Batch batch = batch();
        String previousHash = version == 1 ? "" : batch == null ? previousHash(event.documentId(), version - 1)
                : batch.previousHash(event.documentId(), version - 1);
        // Every archive keeps at least milliseconds (MongoDB keeps no more): hash what is stored, so verification
        // recomputes the same value.
        Instant at = message.getTimestamp().truncatedTo(ChronoUnit.MILLIS);
        String who = actor == null ? "system" : actor;
        String summary = DocumentEventDescriptions.summary(event);
        AuditRecordView unsigned = new AuditRecordView(message.getIdentifier(), event.documentId(), version,
                DocumentEventDescriptions.type(event), who, at, traceId, summary, "", previousHash,
                seals.actorSeal(who), seals.summarySeal(event.documentId(), summary));
        AuditRecordView record = new AuditRecordView(unsigned.eventId(), unsigned.documentId(), unsigned.version(),
                unsigned.type(), unsigned.actor(), unsigned.at(), unsigned.traceId(), unsigned.summary(),
                AuditChain.hash(unsigned), previousHash, unsigned.actorSeal(), unsigned.summarySeal());
        if (batch == null) {
            archive.append(record);
        } else {
            batch.add(record);
        }
    }

    /**
     * This processor batch's records, appended in one call when it prepares its commit (inside its transaction on
     * PostgreSQL); null outside a unit of work.
     */
    private Batch batch() {
        return BatchScope.current(BATCH, Batch::new, batch -> archive.appendAll(batch.records));
    }

    /**
     * The records of a batch and the hashes they chain to. A document's stored hashes are read once per batch, for
     * the versions a batch can reach ({@value #WINDOW}, more than a batch holds), and win over computed ones: a record
     * already stored (a replay) is kept as stored, so the next one chains to the stored hash, as it did when every
     * record was written at once.
     */
    private final class Batch {

        private final List<AuditRecordView> records = new ArrayList<>();
        private final Map<String, Map<Long, String>> hashes = new HashMap<>();

        String previousHash(String documentId, long previousVersion) {
            Map<Long, String> known = hashes.computeIfAbsent(documentId, id -> new HashMap<>());
            String hash = known.get(previousVersion);
            if (hash != null) {
                return hash;
            }
            Map<Long, String> stored = archive.hashesOf(documentId, previousVersion, previousVersion + WINDOW);
            known.putAll(stored);
            return stored.containsKey(previousVersion) ? stored.get(previousVersion)
                    : AuditProjection.this.previousHash(documentId, previousVersion);
        }

        void add(AuditRecordView record) {
            records.add(record);
            hashes.computeIfAbsent(record.documentId(), id -> new HashMap<>()).putIfAbsent(record.version(),
                    record.hash());
        }
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
