package dev.sandstone.platform.blob;

import dev.sandstone.api.privacy.PersonalData.Subject;
import dev.sandstone.platform.crypto.SegmentedAead;
import dev.sandstone.platform.crypto.SubjectErasedException;
import dev.sandstone.platform.crypto.SubjectKeys;
import dev.sandstone.platform.crypto.TamperedDataException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contents of large documents in the blob store: one key space per document, every blob encrypted under the
 * document's data key ({@link SubjectKeys}, subject {@link Subject#DOCUMENT}).
 *
 * <pre>
 * documents/&lt;id&gt;/chunks/&lt;sha256&gt;      a chunk of a content (content-defined, 64 KiB to 1 MiB)
 * documents/&lt;id&gt;/published/&lt;sha256&gt;   a published version's whole content
 * </pre>
 *
 * <ul>
 *   <li><b>Encrypted.</b> Stored bytes are compressed, then encrypted with {@link SegmentedAead} (AES-256-GCM in
 *       64 KiB segments) for the context {@code <kind>|<document id>|<sha256>}: a blob copied to another key or
 *       another document's key space fails authentication ({@link TamperedDataException}), and once the document's key
 *       is destroyed every blob of it fails with {@link SubjectErasedException}. Never plaintext.</li>
 *   <li><b>Deduplicated per document.</b> A key ends with the SHA-256 of the plaintext, so identical content of one
 *       document is stored once (a small edit of a large document writes one or two chunks), but never shared with
 *       another document: erasing a document is deleting its key space ({@link #eraseDocument}) and destroying its
 *       key, whatever other documents hold.</li>
 *   <li><b>Earlier blobs.</b> Blobs written before contents were encrypted are plaintext under the shared content
 *       addresses {@code sha256/ab/cd/<hex>} ({@link BlobKeys#forSha256}); when a document's own key holds no blob,
 *       that one is read (unencrypted: what it holds is told by its description, the blob file's header or the S3
 *       object's metadata). They stay plaintext until the content is written again.</li>
 * </ul>
 * Document ids ({@code [A-Za-z0-9-]{1,64}}) appear in keys lowercased, an upper-case letter as {@code _} and the
 * letter, so ids differing only in case never share a key space, on case-insensitive file systems either.
 */
public class DocumentBlobs {

    /** Where every document's key space starts. */
    public static final String PREFIX = "documents/";

    /** What a document's blob is. */
    public enum Kind {
        /** A chunk of a large content, listed by the events that refer to it. */
        CHUNK("chunks"),
        /** The whole content of a published version, stored once more as one immutable object. */
        PUBLISHED("published");

        private final String segment;

        Kind(String segment) {
            this.segment = segment;
        }

        /** The key segment of this kind ({@code chunks}, {@code published}). */
        public String segment() {
            return segment;
        }
    }

    /** A key of a document's blob, taken apart. */
    public record StoredBlob(String documentId, Kind kind, String sha256) {
    }

    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern KEY = Pattern.compile("documents/([a-z0-9_-]{1,128})/(chunks|published)/([0-9a-f]{64})");

    private final BlobStore store;
    private final SubjectKeys keys;
    private final SegmentedAead aead;

    public DocumentBlobs(BlobStore store, SubjectKeys keys) {
        this.store = store;
        this.keys = keys;
        this.aead = new SegmentedAead(keys::keyById);
    }

    /** The store underneath (for the sweep's listings and for tests that look at what is stored). */
    public BlobStore store() {
        return store;
    }

    /** Stores a chunk of the document's content, encrypted; a chunk the document has already is not written again. */
    public BlobRef putChunk(String documentId, byte[] bytes, int offset, int length) {
        String sha256 = HexFormat.of().formatHex(BlobStreams.sha256Of(bytes, offset, length));
        return put(documentId, Kind.CHUNK, sha256, new ByteArrayInputStream(bytes, offset, length), length);
    }

    /**
     * Stores {@code content} (its SHA-256 and length known in advance) as the document's blob of {@code kind},
     * encrypted under the document's key (created if it has none yet). If the document holds it already, nothing is
     * read or written but its time (for the sweep's grace period).
     *
     * @throws IllegalArgumentException if the content does not have the announced length or SHA-256
     */
    public BlobRef put(String documentId, Kind kind, String sha256, InputStream content, long length) {
        return store.put(key(documentId, kind, sha256), sha256, content, length, seal(documentId, kind, sha256));
    }

    /**
     * The whole content of the document's blob, decrypted and checked (size, SHA-256, each segment's tag); a blob from
     * before encryption if the document has none under its own key.
     *
     * @throws BlobNotFoundException   if neither exists
     * @throws SubjectErasedException  if the document's key was destroyed (the document was erased)
     * @throws TamperedDataException   (now or from {@code read}) if the stored bytes were altered or moved
     */
    public InputStream open(String documentId, Kind kind, String sha256) {
        String key = key(documentId, kind, sha256);
        try {
            return store.get(key, seal(documentId, kind, sha256));
        } catch (BlobNotFoundException missing) {
            return legacy(sha256, missing, legacyKey -> store.get(legacyKey));
        }
    }

    /** A range of the document's blob's content, as {@link #open(String, Kind, String)}. */
    public InputStream open(String documentId, Kind kind, String sha256, ByteRange range) {
        String key = key(documentId, kind, sha256);
        try {
            return store.get(key, range, seal(documentId, kind, sha256));
        } catch (BlobNotFoundException missing) {
            return legacy(sha256, missing, legacyKey -> store.get(legacyKey, range));
        }
    }

    /** What is stored for the document's blob: under its own key, else (from before encryption) the shared one. */
    public Optional<BlobRef> head(String documentId, Kind kind, String sha256) {
        Optional<BlobRef> own = store.head(key(documentId, kind, sha256));
        return own.isPresent() ? own : store.head(BlobKeys.forSha256(sha256));
    }

    /**
     * Deletes every blob in the document's key space (chunks and published objects, whatever their age or
     * references): for the erasure of the document, together with destroying its key. Blobs from before encryption
     * under shared keys are not touched (another document may hold the same content). Returns how many were deleted.
     */
    public long eraseDocument(String documentId) {
        return store.deleteAll(prefix(documentId));
    }

    /** The key of a document's blob. */
    public static String key(String documentId, Kind kind, String sha256) {
        if (!BlobKeys.isSha256Hex(sha256)) {
            throw new IllegalArgumentException("Not a SHA-256 in lowercase hexadecimal: " + sha256);
        }
        return prefix(documentId) + kind.segment() + "/" + sha256;
    }

    /** The start of every key of the document ({@code documents/<id>/}). */
    public static String prefix(String documentId) {
        if (documentId == null || !DOCUMENT_ID.matcher(documentId).matches()) {
            throw new IllegalArgumentException("Not a document id: " + documentId);
        }
        StringBuilder segment = new StringBuilder(documentId.length() + 8);
        for (char c : documentId.toCharArray()) {
            if (Character.isUpperCase(c)) {
                segment.append('_').append(Character.toLowerCase(c));
            } else {
                segment.append(c);
            }
        }
        return PREFIX + segment + "/";
    }

    /** A key of a document's blob taken apart; empty for any other key (another kind, another layout). */
    public static Optional<StoredBlob> parse(String key) {
        Matcher matcher = KEY.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        StringBuilder id = new StringBuilder();
        String segment = matcher.group(1);
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '_') {
                if (i + 1 == segment.length() || !Character.isLowerCase(segment.charAt(i + 1))) {
                    return Optional.empty();
                }
                id.append(Character.toUpperCase(segment.charAt(++i)));
            } else {
                id.append(c);
            }
        }
        if (!DOCUMENT_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Kind kind = matcher.group(2).equals(Kind.CHUNK.segment()) ? Kind.CHUNK : Kind.PUBLISHED;
        return Optional.of(new StoredBlob(id.toString(), kind, matcher.group(3)));
    }

    private interface LegacyRead {
        InputStream read(String legacyKey);
    }

    private static InputStream legacy(String sha256, BlobNotFoundException missing, LegacyRead read) {
        try {
            return read.read(BlobKeys.forSha256(sha256));
        } catch (BlobNotFoundException alsoMissing) {
            throw missing;
        }
    }

    private BlobSeal seal(String documentId, Kind kind, String sha256) {
        return new DocumentSeal(documentId, kind.name().toLowerCase(Locale.ROOT) + "|" + documentId + "|" + sha256);
    }

    /** Encryption under the document's key, bound to one blob of it. */
    private final class DocumentSeal implements BlobSeal {

        private final String documentId;
        private final String context;

        DocumentSeal(String documentId, String context) {
            this.documentId = documentId;
            this.context = context;
        }

        @Override
        public boolean encrypts() {
            return true;
        }

        @Override
        public OutputStream seal(OutputStream stored) throws IOException {
            return aead.encrypting(stored, keys.keyOf(Subject.DOCUMENT, documentId), context);
        }

        @Override
        public InputStream open(InputStream stored) throws IOException {
            return aead.decrypting(stored, context);
        }

        @Override
        public String toString() {
            return "encrypted " + context;
        }
    }
}
