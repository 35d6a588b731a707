package dev.sandstone.api.privacy;

import java.time.Instant;
import java.util.List;

/**
 * An erasure job and, once {@code completed}, its certificate: what was erased in which store and when the
 * subject's data key was destroyed.
 *
 * @param subjectType      {@code document} or {@code user}
 * @param subjectId        the document id; a user's id only while the erasure runs ({@value PersonalData#ERASED}
 *                         afterwards: the certificate must not keep what it certifies erased)
 * @param status           {@code pending} (waiting for every processor to pass the erasure), {@code running},
 *                         {@code completed}
 * @param waitingFor       processors still behind the erasure's position in the event stream
 * @param keyDestroyedAt   when the subject's data key was destroyed (crypto-shredding), null before
 * @param certificateSha256 SHA-256 over the certificate's canonical content, once completed
 */
public record ErasureView(String id, String subjectType, String subjectId, String status, String requestedBy,
                          Instant requestedAt, List<String> waitingFor, List<Step> steps, Instant keyDestroyedAt,
                          Instant completedAt, String certificateSha256) {

    public ErasureView {
        waitingFor = List.copyOf(waitingFor);
        steps = List.copyOf(steps);
    }

    /**
     * One store's part: {@code erased} counts the records, rows, index entries or blobs it removed or anonymised;
     * {@code error} is the last failure while it is being retried.
     */
    public record Step(String store, long erased, String detail, Instant completedAt, String error) {
    }
}
