package dev.sandstone.api.audit;

import java.time.Instant;

/**
 * One immutable record per event. {@code hash} is SHA-256 over the record's erasure-stable content (ids, version,
 * type, time, trace, the two seals) and {@code previousHash}, the hash of the same document's previous record (empty
 * for the first). {@code actor} and {@code summary} are personal or content-bearing: an erasure replaces them with
 * {@code "[erased]"}, so they are not hashed themselves but sealed: {@code actorSeal} is an HMAC of the actor under
 * a key derived from the actor's data key, {@code summarySeal} one of the summary under the document's. While the
 * keys exist the seals prove the values unaltered; once erased, the chain still verifies.
 */
public record AuditRecordView(String eventId, String documentId, long version, String type, String actor, Instant at,
                              String traceId, String summary, String hash, String previousHash, String actorSeal,
                              String summarySeal) {
}
