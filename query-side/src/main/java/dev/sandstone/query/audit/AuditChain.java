package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.audit.AuditVerification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * The hash chain of audit records: each record's hash is SHA-256 over its canonical content (fields joined with
 * a separator that cannot occur in them, timestamps in ISO-8601 UTC) followed by the previous record's hash.
 */
final class AuditChain {

    private static final char SEPARATOR = '\u001F';

    private AuditChain() {
    }

    static String hash(AuditRecordView r) {
        String canonical = String.join(String.valueOf(SEPARATOR), r.eventId(), r.documentId(),
                Long.toString(r.version()), r.type(), r.actor(), r.at().toString(),
                r.traceId() == null ? "" : r.traceId(), r.summary(), r.previousHash());
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Walks a document's records in version order and reports the first whose hash or link does not hold. The
     * chain must start at version 1 unless {@code headMayHaveExpired}: then the oldest record kept anchors it.
     */
    static AuditVerification verify(String documentId, Iterator<AuditRecordView> records,
                                    boolean headMayHaveExpired) {
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
            if (broken == null && (!record.previousHash().equals(previous) || !record.hash().equals(hash(record)))) {
                broken = record.eventId();
            }
            previous = record.hash();
        }
        return new AuditVerification(documentId, count, firstVersion, broken == null, broken);
    }
}
