package dev.sandstone.query.erasure;

import java.util.function.ToLongFunction;

/**
 * One store's part in an erasure, implemented beside the store it cleans. Runs once every processor has passed the
 * erasure's position in the event stream, so nothing written before the erasure can arrive after it; must be
 * idempotent (a retry after a failure or a restart runs it again) and may throw while its store is down (the
 * erasure is retried and waits).
 */
public interface ErasureStep {

    /** The store's name in the certificate, e.g. {@code read-model}. */
    String store();

    /** Erases everything the store holds about the document; returns how many records it removed or changed. */
    long eraseDocument(String documentId);

    /** Erases the user wherever the store names them; returns how many records it removed or changed. */
    long eraseUser(String userId);

    /** What the count means, for the certificate. */
    String detail();

    /** A step that hands each erasure to the store's own operations. */
    static ErasureStep of(String store, String detail, ToLongFunction<String> eraseDocument,
                          ToLongFunction<String> eraseUser) {
        return new ErasureStep() {
            @Override
            public String store() {
                return store;
            }

            @Override
            public long eraseDocument(String documentId) {
                return eraseDocument.applyAsLong(documentId);
            }

            @Override
            public long eraseUser(String userId) {
                return eraseUser.applyAsLong(userId);
            }

            @Override
            public String detail() {
                return detail;
            }
        };
    }
}
