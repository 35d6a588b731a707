package dev.sandstone.query.audit;

import dev.sandstone.api.audit.AuditRecordView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The audit port: immutable records, one per event, written at most once. Adapters: {@code postgres} (the local
 * default, kept forever) and {@code mongodb} (the archive of the full stack, with a retention period). Fed by the
 * "audit" processing group; read by {@link AuditQueryHandlers}.
 */
public interface AuditArchive {

    /** The hash of a document's record at a version, to chain the next record to. */
    Optional<String> hashOf(String documentId, long version);

    /** Stores a record; a record whose event id (or document and version) is already stored is left as it is. */
    void append(AuditRecordView record);

    /**
     * The hashes of a document's stored records from {@code fromVersion} to {@code toVersion}, by version (a
     * processor batch chains its records to them). Adapters may answer in one query; this default asks per version.
     */
    default Map<Long, String> hashesOf(String documentId, long fromVersion, long toVersion) {
        Map<Long, String> hashes = new HashMap<>();
        for (long version = fromVersion; version <= toVersion; version++) {
            Optional<String> hash = hashOf(documentId, version);
            if (hash.isEmpty()) {
                break; // records are appended in version order: none after a missing one
            }
            hashes.put(version, hash.get());
        }
        return hashes;
    }

    /** Stores records as {@link #append} does, in order. Adapters may write them in one statement. */
    default void appendAll(List<AuditRecordView> records) {
        records.forEach(this::append);
    }

    /** Records matching the filter, oldest first (then by document and version). */
    List<AuditRecordView> page(AuditFilter filter, int page, int size);

    long count(AuditFilter filter);

    /** A document's records in version order; the caller closes the stream. */
    Stream<AuditRecordView> chain(String documentId);

    /**
     * Whether records may disappear because they outlived a retention period; a chain may then start after
     * version 1. Where records are kept forever, a chain that does not start at version 1 is broken.
     */
    boolean expiresRecords();

    /**
     * Erasure of a document: every record of it keeps its place, ids, hash and seals, but its summary (titles,
     * content sizes, user ids) becomes {@code "[erased]"}. Returns how many records changed; again, none.
     */
    long eraseDocument(String documentId);

    /**
     * Erasure of a user: where they are the actor, the actor becomes {@code "[erased]"}; where a role change or the
     * request of a subject-access export names them (at the end of its summary), that name does. Returns how many
     * records changed; again, none.
     */
    long eraseUser(String userId);
}
