package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditRecordView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

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

    /** The first record (in version order) whose hash or link does not hold, or null when the chain is intact. */
    static String firstBroken(List<AuditRecordView> records) {
        String previous = "";
        for (AuditRecordView record : records) {
            if (!record.previousHash().equals(previous) || !record.hash().equals(hash(record))) {
                return record.eventId();
            }
            previous = record.hash();
        }
        return null;
    }
}
