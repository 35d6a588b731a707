package dev.sandstone.command.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.api.document.StoredContent;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.platform.blob.BlobRef;
import dev.sandstone.platform.blob.Compression;
import dev.sandstone.platform.blob.DocumentBlobs;
import dev.sandstone.platform.blob.filesystem.FileSystemBlobStore;
import dev.sandstone.platform.crypto.SubjectKeys;
import dev.sandstone.platform.test.TestSubjectKeys;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claim check's upload side, on the real file-system blob store with real subject keys. */
class ContentUploadsTest {

    private static final int INLINE = 4 * 1024;
    private static final int LIMIT = 8 * 1024 * 1024;
    private static SubjectKeys keys;

    @TempDir
    Path directory;

    private final String documentId = UUID.randomUUID().toString();

    @BeforeAll
    static void keyTable() {
        keys = TestSubjectKeys.onNewDatabase();
    }

    private DocumentBlobs blobs() {
        return new DocumentBlobs(new FileSystemBlobStore(directory, Compression.GZIP), keys);
    }

    @Test
    void content_up_to_the_inline_threshold_stays_inline() {
        ContentUploads uploads = new ContentUploads(blobs(), INLINE, LIMIT);
        String small = "é".repeat(INLINE / 2);

        assertThat(uploads.of(documentId, small)).isEqualTo(new ContentUploads.Inline(small));
        assertThat(uploads.read(documentId, stream(small))).isEqualTo(new ContentUploads.Inline(small));
    }

    @Test
    void larger_content_is_stored_in_bounded_encrypted_chunks_of_the_document_that_add_up_to_it() throws Exception {
        DocumentBlobs blobs = blobs();
        ContentUploads uploads = new ContentUploads(blobs, INLINE, LIMIT);
        String text = text(3_000_000, 1);

        StoredContent stored = ((ContentUploads.Stored) uploads.read(documentId, stream(text))).content();

        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(stored.chunks()).hasSizeGreaterThan(2);
        assertThat(stored.chunks().subList(0, stored.chunks().size() - 1)).allSatisfy(chunk ->
                assertThat(chunk.size()).isBetween((long) ContentUploads.MIN_CHUNK, ContentUploads.MAX_CHUNK + 3L));
        StringBuilder reassembled = new StringBuilder();
        for (ChunkRef chunk : stored.chunks()) {
            BlobRef ref = blobs.head(documentId, DocumentBlobs.Kind.CHUNK, chunk.sha256()).orElseThrow();
            assertThat(ref.key()).isEqualTo("documents/" + documentId + "/chunks/" + chunk.sha256());
            assertThat(ref.encrypted()).isTrue();
            assertThat(new String(Files.readAllBytes(directory.resolve(ref.key())), StandardCharsets.ISO_8859_1))
                    .doesNotContain("lorem", "consectetur");
            try (InputStream in = blobs.open(documentId, DocumentBlobs.Kind.CHUNK, chunk.sha256())) {
                reassembled.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(reassembled.toString()).isEqualTo(text);
        assertThat(uploads.of(documentId, text)).isEqualTo(new ContentUploads.Stored(stored));
    }

    @Test
    void an_insertion_in_the_middle_changes_one_or_two_chunks() {
        ContentUploads uploads = new ContentUploads(blobs(), INLINE, LIMIT);
        String text = text(5_000_000, 2);
        String edited = text.substring(0, 2_500_000) + "a few inserted words " + text.substring(2_500_000);

        List<ChunkRef> before = ((ContentUploads.Stored) uploads.of(documentId, text)).content().chunks();
        long filesBefore = files();
        List<ChunkRef> after = ((ContentUploads.Stored) uploads.of(documentId, edited)).content().chunks();

        Set<ChunkRef> unchanged = new HashSet<>(after);
        unchanged.retainAll(new HashSet<>(before));
        assertThat(after.size() - unchanged.size()).isBetween(1, 2);
        assertThat(files() - filesBefore).as("blobs written by the edit").isBetween(1L, 2L);
    }

    @Test
    void a_range_replaced_in_stored_content_recuts_only_the_chunks_it_touches() {
        ContentUploads uploads = new ContentUploads(blobs(), INLINE, LIMIT);
        String text = text(3_000_000, 6);
        StoredContent before = ((ContentUploads.Stored) uploads.of(documentId, text)).content();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int start = boundaryAtOrAfter(bytes, 1_500_000);
        int end = boundaryAtOrAfter(bytes, start + 40);
        long filesBefore = files();

        StoredContent after = ((ContentUploads.Stored) uploads.replaceRange(documentId, before.chunks(), start, end,
                "« replaced 😀 »")).content();

        String expected = utf8(bytes, 0, start) + "« replaced 😀 »" + utf8(bytes, end, bytes.length);
        assertThat(read(after)).isEqualTo(expected);
        assertThat(after.size()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
        assertThat(after.sha256()).isEqualTo(ContentHashes.sha256(expected));
        Set<ChunkRef> kept = new HashSet<>(after.chunks());
        kept.retainAll(new HashSet<>(before.chunks()));
        assertThat(after.chunks().size() - kept.size()).as("new chunks").isBetween(1, 2);
        assertThat(files() - filesBefore).as("blobs written").isBetween(1L, 2L);
    }

    @Test
    void ranges_at_the_start_at_the_end_and_across_chunks_give_exactly_the_spliced_text() {
        ContentUploads uploads = new ContentUploads(blobs(), INLINE, LIMIT);
        String text = text(2_000_000, 7);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StoredContent stored = ((ContentUploads.Stored) uploads.of(documentId, text)).content();
        int across = boundaryAtOrAfter(bytes, 1_000_000);

        StoredContent prepended = stored(uploads.replaceRange(documentId, stored.chunks(), 0, 0, "Title\n"));
        StoredContent appended = stored(uploads.replaceRange(documentId, stored.chunks(), bytes.length, bytes.length,
                "THE END"));
        StoredContent cut = stored(uploads.replaceRange(documentId, stored.chunks(), boundaryAtOrAfter(bytes, 300_000),
                across, ""));

        assertThat(read(prepended)).isEqualTo("Title\n" + text);
        assertThat(read(appended)).isEqualTo(text + "THE END");
        assertThat(read(cut)).isEqualTo(utf8(bytes, 0, boundaryAtOrAfter(bytes, 300_000)) + utf8(bytes, across,
                bytes.length));
        assertThat(cut.sha256()).isEqualTo(ContentHashes.sha256(read(cut)));
    }

    @Test
    void a_range_edit_that_leaves_little_content_makes_it_inline_again() {
        ContentUploads uploads = new ContentUploads(blobs(), INLINE, LIMIT);
        String text = text(500_000, 8);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StoredContent stored = ((ContentUploads.Stored) uploads.of(documentId, text)).content();
        int end = boundaryAtOrAfter(bytes, bytes.length - 100);

        assertThat(uploads.replaceRange(documentId, stored.chunks(), 0, end, "kept: "))
                .isEqualTo(new ContentUploads.Inline("kept: " + utf8(bytes, end, bytes.length)));
    }

    @Test
    void inline_content_takes_the_same_byte_ranges() {
        ContentUploads uploads = new ContentUploads(blobs(), INLINE, LIMIT);
        String text = "naïve 😀 text";

        assertThat(uploads.replaceRange(documentId, text, 7, 11, "🙂"))
                .isEqualTo(new ContentUploads.Inline("naïve 🙂 text"));
    }

    @Test
    void a_range_outside_the_content_or_inside_a_character_is_refused_with_the_offset() {
        ContentUploads uploads = new ContentUploads(blobs(), INLINE, LIMIT);
        String text = "naïve 😀 text";

        assertThatThrownBy(() -> uploads.replaceRange(documentId, text, 2, 3, "i"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
                    assertThat(e.getMessage()).contains("end 3 falls inside a UTF-8 character");
                });
        assertThatThrownBy(() -> uploads.replaceRange(documentId, text, 5, 99, ""))
                .hasMessageContaining("0 <= start <= end <= 16");
        assertThatThrownBy(() -> uploads.replaceRange(documentId, text, 4, 2, ""))
                .hasMessageContaining("not within the content");
        assertThatThrownBy(() -> uploads.replaceRange(documentId, text, 0, 0, null))
                .hasMessageContaining("text is required");
        assertThatThrownBy(() -> uploads.replaceRange(documentId, text, 0, 0, "a\u0000b"))
                .hasMessageContaining("NUL");
    }

    @Test
    void a_range_edit_past_the_size_limit_is_too_large_and_writes_nothing() {
        ContentUploads uploads = new ContentUploads(blobs(), INLINE, 1_000_000);
        String text = text(900_000, 9);
        StoredContent stored = ((ContentUploads.Stored) uploads.of(documentId, text)).content();
        long filesBefore = files();

        assertThatThrownBy(() -> uploads.replaceRange(documentId, stored.chunks(), 10, 10, "x".repeat(200_000)))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.TOO_LARGE));
        assertThat(files()).isEqualTo(filesBefore);
    }

    private static StoredContent stored(ContentUploads.Upload upload) {
        return ((ContentUploads.Stored) upload).content();
    }

    private String read(StoredContent content) {
        DocumentBlobs blobs = blobs();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ChunkRef chunk : content.chunks()) {
            try (InputStream in = blobs.open(documentId, DocumentBlobs.Kind.CHUNK, chunk.sha256())) {
                in.transferTo(out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int boundaryAtOrAfter(byte[] bytes, int offset) {
        while (offset < bytes.length && (bytes[offset] & 0xC0) == 0x80) {
            offset++;
        }
        return offset;
    }

    private static String utf8(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    @Test
    void bytes_that_are_not_utf8_or_contain_nul_are_refused() {
        ContentUploads uploads = new ContentUploads(blobs(), INLINE, LIMIT);
        byte[] bytes = text(100_000, 3).getBytes(StandardCharsets.UTF_8);
        bytes[50_000] = (byte) 0xC3;
        bytes[50_001] = (byte) 0x28;
        byte[] withNul = text(100_000, 4).getBytes(StandardCharsets.UTF_8);
        withNul[70_000] = 0;

        assertThatThrownBy(() -> uploads.read(documentId, new ByteArrayInputStream(bytes)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
                    assertThat(e.getMessage()).contains("UTF-8");
                });
        assertThatThrownBy(() -> uploads.read(documentId, new ByteArrayInputStream(withNul)))
                .hasMessageContaining("NUL").hasMessageContaining("byte 70000");
    }

    @Test
    void content_over_the_limit_is_too_large() {
        ContentUploads uploads = new ContentUploads(blobs(), INLINE, 1_000_000);

        assertThatThrownBy(() -> uploads.read(documentId, stream(text(1_200_000, 5))))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.TOO_LARGE));
    }

    private long files() {
        try (var files = Files.walk(directory.resolve("documents"))) {
            return files.filter(Files::isRegularFile).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(int bytes, long seed) {
        String[] words = {"lorem", "ipsum", "dolor", "sit", "amet", "élan", "naïve", "中文", "😀", "consectetur"};
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(bytes + 16);
        int length = 0;
        while (length < bytes) {
            String word = words[random.nextInt(words.length)];
            text.append(word).append(' ');
            length += word.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return text.toString();
    }
}
