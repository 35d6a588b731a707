package dev.sandstone.platform.blob;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where large contents live: an immutable, content-addressed store of byte streams (port; adapters in
 * {@code blob.filesystem} and {@code blob.s3}, chosen by {@code sandstone.blobs.store}).
 * <p>
 * <b>Keys.</b> A blob's key ends with the SHA-256 of its content: either it is derived from it alone
 * ({@link BlobKeys#forSha256}, {@link #put(InputStream, long)}), or the caller names a key ending with the SHA-256 it
 * announces ({@link #put(String, String, InputStream, long, BlobSeal)}, for per-document key spaces, see
 * {@link DocumentBlobs}). Either way, storing the same content twice under one key stores it once and returns the
 * same {@link BlobRef}. A put returns only after the blob is durably written and checked: its size and hash verified
 * against what was read from the caller.
 * <p>
 * <b>Encryption.</b> A put may seal the stored bytes ({@link BlobSeal}: compressed first, then encrypted); the blob's
 * description records it ({@link BlobRef#encrypted()}), and reading it takes the same seal.
 * <p>
 * <b>Compression.</b> New blobs are stored compressed as configured ({@code sandstone.blobs.compression}); each blob
 * records its own compression, so blobs written under an earlier setting stay readable. Sizes, hashes and byte ranges
 * always refer to the <em>uncompressed</em> content.
 * <p>
 * <b>Byte ranges.</b> A range of a blob stored uncompressed and unencrypted is read from the store directly (a seek,
 * or an HTTP {@code Range} request). A compressed or encrypted blob is read from its start and decoded up to the
 * range, which costs time in proportion to the range's end: content that must serve ranges quickly (chunked reads of
 * large documents) should be stored as bounded chunks. Ranged reads are not hash-checked (only whole reads can be);
 * encrypted ones are still authenticated segment by segment.
 * <p>
 * <b>Failures.</b> Methods throw no checked exceptions (streams they return throw {@link java.io.IOException} from
 * {@code read} as every stream does). A store that cannot be reached, or that rejects our credentials, throws
 * {@link BlobStoreUnavailableException} (503 at the HTTP edge); a missing blob is an empty {@link Optional} from
 * {@link #head} or {@link BlobNotFoundException} from {@link #get}; content that no longer matches its hash throws
 * {@link BlobCorruptedException}.
 */
public interface BlobStore {

    /** The length to pass to {@link #put} when it is not known in advance. */
    long UNKNOWN_LENGTH = -1;

    /**
     * Reads {@code content} to its end (without closing it) and stores it under the key of its SHA-256.
     * If a blob with that content exists already, nothing is written: it is marked as just written (so a garbage
     * collector sweeping {@link #keysOlderThan} spares it) and its reference returned.
     *
     * @param length the content's length in bytes, or {@link #UNKNOWN_LENGTH}; a stream that delivers another number
     *               of bytes than announced is rejected with {@link IllegalArgumentException} and nothing is stored
     * @return the stored blob, verified
     */
    BlobRef put(InputStream content, long length);

    /**
     * Reads {@code content} (without closing it) and stores it under {@code key}, compressed as configured and then
     * sealed by {@code seal}. The caller knows the content's SHA-256 and length in advance, and {@code key} ends with
     * that SHA-256. If the key holds that content already (stored with the same kind of seal), nothing is read or
     * written: the blob is marked as just written (so a garbage collector sweeping {@link #keysOlderThan} spares it)
     * and its reference returned.
     *
     * @throws IllegalArgumentException if {@code key} does not end with {@code sha256}, or the stream delivers another
     *                                  length or SHA-256 than announced (then nothing is stored)
     */
    BlobRef put(String key, String sha256, InputStream content, long length, BlobSeal seal);

    /**
     * {@link #put(String, String, InputStream, long, BlobSeal)}, but the stored bytes are the content as it is: neither
     * compressed nor sealed, whatever {@code sandstone.blobs.compression} says, so a {@link #downloadUrl} serves them
     * unchanged (export archives, which are ZIP files already). A blob of the same content under {@code key} is kept.
     */
    BlobRef putAsIs(String key, String sha256, InputStream content, long length);

    /**
     * A URL from which anyone holding it may download the blob {@code key} directly from the store, for
     * {@code lifetime}, as an attachment called {@code fileName}; empty when the store has no such URLs (the file
     * system), and the application must serve the blob itself.
     *
     * @throws BlobNotFoundException    if nothing is stored under {@code key}
     * @throws IllegalArgumentException if the blob was not stored as it is ({@link #putAsIs}): its URL would serve
     *                                  compressed or encrypted bytes
     */
    default Optional<URI> downloadUrl(String key, Duration lifetime, String fileName) {
        return Optional.empty();
    }

    /** What is stored under {@code key}, or empty if nothing is. */
    Optional<BlobRef> head(String key);

    default boolean exists(String key) {
        return head(key).isPresent();
    }

    /**
     * The whole content, decompressed. Once the caller has read it to its end, its size and SHA-256 have been checked:
     * a blob changed at rest makes {@code read} throw {@link BlobCorruptedException} instead of ending normally.
     * The caller closes the stream.
     *
     * @throws BlobNotFoundException if nothing is stored under {@code key}
     */
    InputStream get(String key);

    /**
     * {@link #get(String)} of a blob that may be encrypted: an encrypted blob is opened with {@code seal}. A blob
     * stored unencrypted although {@code seal} encrypts fails with {@link BlobCorruptedException}: where encryption is
     * required, plaintext is never accepted.
     */
    InputStream get(String key, BlobSeal seal);

    /**
     * A range of the uncompressed content: the part of {@code range} that lies within the content (a range reaching
     * past the end is cut there); an empty stream if none of it does ({@link ByteRange#resolve} tells that in
     * advance from {@link BlobRef#size()}). The caller closes the stream.
     *
     * @throws BlobNotFoundException if nothing is stored under {@code key}
     */
    InputStream get(String key, ByteRange range);

    /** {@link #get(String, ByteRange)} of a blob that may be encrypted, as {@link #get(String, BlobSeal)}. */
    InputStream get(String key, ByteRange range, BlobSeal seal);

    /** Deletes the blob; {@code false} if there was none. Blobs are immutable, so this is for garbage collection. */
    boolean delete(String key);

    /**
     * Deletes every blob whose key starts with {@code prefix}, which must end with {@code /} (e.g. one document's
     * {@code documents/<id>/}); returns how many were deleted. For erasure: nothing else is removed.
     */
    long deleteAll(String prefix);

    /**
     * Keys starting with {@code prefix} (e.g. {@code "sha256/"}; {@code ""} for all) whose blob was last written
     * before {@code cutoff}: the candidates of a garbage-collection sweep, which must still check that nothing refers
     * to them. Lazy; close the stream (try-with-resources).
     */
    Stream<String> keysOlderThan(String prefix, Instant cutoff);

    /**
     * Checks that the store can be reached and written, for the health indicator.
     *
     * @return details fit to show an operator (kind, location; never credentials)
     * @throws BlobStoreUnavailableException if it cannot
     */
    Map<String, Object> check();
}
