package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.audit.AuditVerification;
import dev.sandstone.platform.crypto.Sha256;
import java.util.Iterator;

/**
 * The hash chain of audit records: each record's hash is SHA-256 over its erasure-stable content (fields joined with
 * a separator that cannot occur in them, timestamps in ISO-8601 UTC, the seals of its actor and summary) followed by
 * the previous record's hash. Erasing a subject replaces actor or summary with "[erased]" and leaves every hash
 * valid; altering them while their keys exist breaks the seal instead.
 */
final class AuditChain {

    private static final char SEPARATOR = '\u001F';

    private AuditChain() {
    }

    static String hash(AuditRecordView r) {
        String canonical = String.join(String.valueOf(SEPARATOR), r.eventId(), r.documentId(),
                Long.toString(r.version()), r.type(), r.at().toString(), r.traceId() == null ? "" : r.traceId(),
                nullToEmpty(r.actorSeal()), nullToEmpty(r.summarySeal()), r.previousHash());
        return Sha256.hex(canonical);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * Walks a document's records in version order and reports the first whose hash, link or seals do not hold. The
     * chain must start at version 1 unless {@code headMayHaveExpired}: then the oldest record kept anchors it.
     */
    static AuditVerification verify(String documentId, Iterator<AuditRecordView> records,
                                    boolean headMayHaveExpired, AuditSeals seals) {
        long count = 0;
        long firstVersion = 0;
        String broken = null;
        String previous = "";
        while (records.hasNext()) {
            AuditRecordView record = records.next();
            if (count++ == 0) {
                firstVersion = record.version();
                if (record.version() > 1 && headMayHaveExpired) {
                    previous = record.previousHash();
                }
            }
            if (broken == null && (!record.previousHash().equals(previous) || !record.hash().equals(hash(record))
                    || !sealsHold(record, seals))) {
                broken = record.eventId();
            }
            previous = record.hash();
        }
        return new AuditVerification(documentId, count, firstVersion, broken == null, broken);
    }

    private static boolean sealsHold(AuditRecordView record, AuditSeals seals) {
        return record.actorSeal() != null && record.summarySeal() != null
                && seals.actorHolds(record.actor(), record.actorSeal())
                && seals.summaryHolds(record.documentId(), record.summary(), record.summarySeal());
    }
}
