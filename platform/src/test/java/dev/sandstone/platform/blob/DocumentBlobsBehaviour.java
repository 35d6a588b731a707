package dev.sandstone.platform.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.api.privacy.PersonalData.Subject;
import dev.sandstone.platform.blob.DocumentBlobs.Kind;
import dev.sandstone.platform.crypto.SubjectErasedException;
import dev.sandstone.platform.crypto.SubjectKeys;
import dev.sandstone.platform.crypto.TamperedDataException;
import dev.sandstone.platform.test.TestSubjectKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large documents' contents at rest, on each adapter's real storage with real subject keys in PostgreSQL: encrypted
 * under the document's key in a key space of the document's own, bound to it, unreadable once the key is destroyed,
 * erased as a whole, and readable from before encryption.
 */
public abstract class DocumentBlobsBehaviour {

    /** Words of the test contents; none may ever be found in stored bytes. */
    private static final String[] WORDS = {"salary", "diagnosis", "merger", "confidential", "the", "of", "and"};

    private static SubjectKeys keys;
    private DocumentBlobs blobs;

    @BeforeAll
    static void keyTable() {
        keys = TestSubjectKeys.onNewDatabase();
    }

    /** The adapter under test (gzip); every call of a class returns a store on the same storage. */
    protected abstract BlobStore store();

    /** The stored bytes under a key, read behind the store's back. */
    protected abstract byte[] storedBytes(String key) throws IOException;

    /** Copies the stored blob (bytes and description) to another key behind the store's back. */
    protected abstract void copyStored(String fromKey, String toKey) throws IOException;

    private DocumentBlobs blobs() {
        if (blobs == null) {
            blobs = new DocumentBlobs(store(), keys);
        }
        return blobs;
    }

    @Test
    void a_chunk_is_stored_encrypted_in_its_documents_key_space_and_read_back() throws IOException {
        String document = newDocumentId();
        byte[] chunk = text(300_000, 1);

        BlobRef ref = blobs().putChunk(document, chunk, 0, chunk.length);

        assertThat(ref.key()).isEqualTo("documents/" + document + "/chunks/" + sha256(chunk));
        assertThat(ref.encrypted()).isTrue();
        assertThat(ref.storedSize()).as("compressed, then encrypted").isLessThan(chunk.length / 2);
        assertNoPlaintext(storedBytes(ref.key()));
        assertThat(read(blobs().open(document, Kind.CHUNK, ref.sha256()))).isEqualTo(chunk);
        assertThat(read(blobs().open(document, Kind.CHUNK, ref.sha256(), ByteRange.of(123_456, 100))))
                .isEqualTo(Arrays.copyOfRange(chunk, 123_456, 123_556));
        assertThat(read(blobs().open(document, Kind.CHUNK, ref.sha256(), ByteRange.last(7))))
                .isEqualTo(Arrays.copyOfRange(chunk, chunk.length - 7, chunk.length));
        assertThat(blobs().head(document, Kind.CHUNK, ref.sha256())).contains(ref);
    }

    @Test
    void a_published_object_of_many_megabytes_is_streamed_in_and_out_encrypted() throws Exception {
        String document = newDocumentId();
        long size = 12L * 1024 * 1024 + 5;
        String sha256 = sha256(generated(size, 2));

        BlobRef ref = blobs().put(document, Kind.PUBLISHED, sha256, generated(size, 2), size);

        assertThat(ref.key()).isEqualTo("documents/" + document + "/published/" + sha256);
        assertThat(ref.size()).isEqualTo(size);
        assertNoPlaintext(storedBytes(ref.key()));
        try (InputStream whole = blobs().open(document, Kind.PUBLISHED, sha256)) {
            assertThat(sha256(whole)).isEqualTo(sha256);
        }
        byte[] tail = read(blobs().open(document, Kind.PUBLISHED, sha256, ByteRange.from(size - 1000)));
        InputStream expected = generated(size, 2);
        expected.skipNBytes(size - 1000);
        assertThat(tail).isEqualTo(expected.readAllBytes());
    }

    @Test
    void identical_content_is_stored_once_per_document_and_never_shared_between_documents() throws IOException {
        String one = newDocumentId();
        String other = newDocumentId();
        byte[] chunk = text(100_000, 3);

        BlobRef first = blobs().putChunk(one, chunk, 0, chunk.length);
        BlobRef again = blobs().putChunk(one, chunk, 0, chunk.length);
        BlobRef elsewhere = blobs().putChunk(other, chunk, 0, chunk.length);

        assertThat(again).isEqualTo(first);
        assertThat(elsewhere.key()).isNotEqualTo(first.key()).startsWith("documents/" + other + "/");
        assertThat(storedBytes(elsewhere.key())).as("each under its own document's key")
                .isNotEqualTo(storedBytes(first.key()));
        assertThat(read(blobs().open(other, Kind.CHUNK, elsewhere.sha256()))).isEqualTo(chunk);
    }

    @Test
    void a_blob_moved_to_another_documents_key_space_or_another_kind_fails_authentication() throws IOException {
        String owner = newDocumentId();
        String intruder = newDocumentId();
        byte[] chunk = text(80_000, 4);
        BlobRef ref = blobs().putChunk(owner, chunk, 0, chunk.length);
        blobs().putChunk(intruder, text(70_000, 5), 0, 70_000);

        copyStored(ref.key(), DocumentBlobs.key(intruder, Kind.CHUNK, ref.sha256()));
        copyStored(ref.key(), DocumentBlobs.key(owner, Kind.PUBLISHED, ref.sha256()));

        assertThatThrownBy(() -> read(blobs().open(intruder, Kind.CHUNK, ref.sha256())))
                .isInstanceOf(TamperedDataException.class).hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> read(blobs().open(intruder, Kind.CHUNK, ref.sha256(), ByteRange.of(10, 10))))
                .isInstanceOf(TamperedDataException.class);
        assertThatThrownBy(() -> read(blobs().open(owner, Kind.PUBLISHED, ref.sha256())))
                .isInstanceOf(TamperedDataException.class);
        assertThat(read(blobs().open(owner, Kind.CHUNK, ref.sha256()))).as("the original still reads")
                .isEqualTo(chunk);
    }

    @Test
    void a_blob_moved_to_another_chunks_key_in_its_own_document_is_refused() throws IOException {
        String document = newDocumentId();
        byte[] chunk = text(80_000, 6);
        BlobRef ref = blobs().putChunk(document, chunk, 0, chunk.length);
        String otherSha = sha256(text(10, 7));

        copyStored(ref.key(), DocumentBlobs.key(document, Kind.CHUNK, otherSha));

        assertThatThrownBy(() -> read(blobs().open(document, Kind.CHUNK, otherSha)))
                .isInstanceOfAny(BlobCorruptedException.class, TamperedDataException.class);
    }

    @Test
    void once_the_documents_key_is_destroyed_its_content_cannot_be_read() throws IOException {
        String document = newDocumentId();
        byte[] chunk = text(90_000, 8);
        BlobRef ref = blobs().putChunk(document, chunk, 0, chunk.length);
        BlobRef published = blobs().put(document, Kind.PUBLISHED, ref.sha256(), new ByteArrayInputStream(chunk),
                chunk.length);

        assertThat(keys.destroy(Subject.DOCUMENT, document)).isPresent();

        assertThatThrownBy(() -> read(blobs().open(document, Kind.CHUNK, ref.sha256())))
                .isInstanceOf(SubjectErasedException.class).hasMessageContaining("erased");
        assertThatThrownBy(() -> read(blobs().open(document, Kind.CHUNK, ref.sha256(), ByteRange.of(0, 100))))
                .isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> read(blobs().open(document, Kind.PUBLISHED, published.sha256())))
                .isInstanceOf(SubjectErasedException.class);
        assertNoPlaintext(storedBytes(ref.key()));
    }

    @Test
    void blobs_written_before_encryption_are_still_read_in_plaintext_from_the_shared_key() throws IOException {
        String document = newDocumentId();
        byte[] chunk = text(150_000, 9);
        BlobRef legacy = store().put(new ByteArrayInputStream(chunk), chunk.length);

        assertThat(legacy.key()).isEqualTo(BlobKeys.forSha256(sha256(chunk)));
        assertThat(blobs().head(document, Kind.CHUNK, legacy.sha256())).contains(legacy);
        assertThat(read(blobs().open(document, Kind.CHUNK, legacy.sha256()))).isEqualTo(chunk);
        assertThat(read(blobs().open(document, Kind.PUBLISHED, legacy.sha256(), ByteRange.of(149_990, 50))))
                .isEqualTo(Arrays.copyOfRange(chunk, 149_990, 150_000));
        assertThatThrownBy(() -> blobs().open(document, Kind.CHUNK, sha256(text(10, 10))))
                .isInstanceOf(BlobNotFoundException.class).hasMessageContaining("documents/" + document);

        BlobRef rewritten = blobs().putChunk(document, chunk, 0, chunk.length);

        assertThat(rewritten.encrypted()).as("written again: encrypted in the document's key space").isTrue();
        assertThat(blobs().head(document, Kind.CHUNK, legacy.sha256())).contains(rewritten);
    }

    @Test
    void erasing_a_document_deletes_every_blob_of_it_and_nothing_else() throws IOException {
        String erased = newDocumentId();
        String kept = newDocumentId();
        byte[] shared = text(70_000, 11);
        for (int i = 0; i < 3; i++) {
            byte[] chunk = text(65_000 + i, 12 + i);
            blobs().putChunk(erased, chunk, 0, chunk.length);
        }
        BlobRef sharedChunk = blobs().putChunk(erased, shared, 0, shared.length);
        blobs().put(erased, Kind.PUBLISHED, sharedChunk.sha256(), new ByteArrayInputStream(shared), shared.length);
        BlobRef keptChunk = blobs().putChunk(kept, shared, 0, shared.length);
        byte[] old = text(5_000, 20);
        BlobRef legacy = store().put(new ByteArrayInputStream(old), old.length);
        byte[] export = text(5_000, 21);
        String exportKey = "exports/" + UUID.randomUUID() + "/" + sha256(export);
        store().put(exportKey, sha256(export), new ByteArrayInputStream(export), export.length, BlobSeal.NONE);

        long deleted = blobs().eraseDocument(erased);

        assertThat(deleted).isEqualTo(5);
        assertThat(blobs().head(erased, Kind.CHUNK, sharedChunk.sha256())).isEmpty();
        assertThat(blobs().head(erased, Kind.PUBLISHED, sharedChunk.sha256())).isEmpty();
        assertThat(read(blobs().open(kept, Kind.CHUNK, keptChunk.sha256()))).isEqualTo(shared);
        assertThat(store().exists(legacy.key())).isTrue();
        assertThat(store().exists(exportKey)).isTrue();
        assertThat(blobs().eraseDocument(erased)).as("nothing left to erase").isZero();
        assertThat(blobs().eraseDocument(newDocumentId())).as("a document without blobs").isZero();
    }

    @Test
    void document_ids_differing_only_in_case_get_key_spaces_of_their_own() throws IOException {
        String lower = "case-" + UUID.randomUUID().toString().substring(0, 8);
        String upper = "CASE-" + lower.substring(5);
        byte[] one = text(1_000, 22);
        byte[] two = text(1_000, 23);

        BlobRef a = blobs().putChunk(lower, one, 0, one.length);
        BlobRef b = blobs().putChunk(upper, two, 0, two.length);

        assertThat(b.key()).startsWith("documents/_c_a_s_e-");
        assertThat(DocumentBlobs.parse(a.key())).contains(new DocumentBlobs.StoredBlob(lower, Kind.CHUNK, a.sha256()));
        assertThat(DocumentBlobs.parse(b.key())).contains(new DocumentBlobs.StoredBlob(upper, Kind.CHUNK, b.sha256()));
        assertThat(blobs().eraseDocument(upper)).isEqualTo(1);
        assertThat(read(blobs().open(lower, Kind.CHUNK, a.sha256()))).isEqualTo(one);
        assertThat(DocumentBlobs.parse(BlobKeys.forSha256(a.sha256()))).isEmpty();
        assertThat(DocumentBlobs.parse("exports/x/" + a.sha256())).isEmpty();
        assertThatThrownBy(() -> DocumentBlobs.prefix("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String newDocumentId() {
        return UUID.randomUUID().toString();
    }

    private static void assertNoPlaintext(byte[] stored) {
        String bytes = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("salary", "diagnosis", "merger", "confidential");
    }

    /** Prose of {@code length} bytes from the test words, different per seed. */
    protected static byte[] text(int length, long seed) {
        try {
            return generated(length, seed).readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same prose as {@link #text}, generated as it is read (for contents too large to hold). */
    protected static InputStream generated(long length, long seed) {
        Random random = new Random(seed);
        return new InputStream() {
            private long left = length;
            private byte[] word = new byte[0];
            private int position;

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                if (position == word.length) {
                    word = (WORDS[random.nextInt(WORDS.length)] + (random.nextInt(9) == 0 ? ".\n" : " "))
                            .getBytes(StandardCharsets.US_ASCII);
                    position = 0;
                }
                left--;
                return word[position++];
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(count, left);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (byte) read();
                }
                return n;
            }
        };
    }

    protected static byte[] read(InputStream stream) throws IOException {
        try (stream) {
            return stream.readAllBytes();
        }
    }

    protected static String sha256(byte[] content) {
        return sha256(new ByteArrayInputStream(content));
    }

    private static String sha256(InputStream content) {
        try (DigestInputStream in = new DigestInputStream(content, MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
