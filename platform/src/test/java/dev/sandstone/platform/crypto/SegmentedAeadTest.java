package dev.sandstone.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The segmented encryption of blob contents: round trips of every length, and every way of tampering fails. */
class SegmentedAeadTest {

    private static final int SEGMENT = SegmentedAead.SEGMENT_SIZE;
    private static final String CONTEXT = "chunk|doc-1|" + "ab".repeat(32);

    private final Map<String, DataKey> keys = new HashMap<>();
    private final SegmentedAead aead = new SegmentedAead(id -> Optional.ofNullable(keys.get(id)));
    private final DataKey key = newKey();

    private DataKey newKey() {
        byte[] material = new byte[32];
        new Random(keys.size() + 7).nextBytes(material);
        DataKey created = new DataKey(UUID.randomUUID().toString(), new SecretKeySpec(material, "AES"));
        keys.put(created.id(), created);
        return created;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 17, 1_000_000})
    void reads_back_exactly_what_was_written_at_any_length(int length) throws IOException {
        byte[] content = text(length);

        byte[] sealed = encrypt(content, key, CONTEXT);

        assertThat(sealed).hasSize((int) SegmentedAead.ciphertextLength(key.id(), length));
        assertThat(decrypt(sealed, CONTEXT)).isEqualTo(content);
    }

    @Test
    void writes_in_any_pieces_read_back_the_same() throws IOException {
        byte[] content = text(5 * SEGMENT + 123);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = aead.encrypting(sink, key, CONTEXT)) {
            Random random = new Random(3);
            int written = 0;
            while (written < content.length) {
                int piece = Math.min(content.length - written, random.nextInt(3) == 0 ? 1 : random.nextInt(90_000));
                if (piece == 1) {
                    out.write(content[written]);
                } else {
                    out.write(content, written, piece);
                }
                written += piece;
            }
        }

        try (InputStream in = aead.decrypting(new ByteArrayInputStream(sink.toByteArray()), CONTEXT)) {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && read.size() < 1000) {
                read.write(b);
            }
            read.write(b);
            read.write(in.readAllBytes());
            assertThat(read.toByteArray()).isEqualTo(content);
        }
    }

    @Test
    void holds_no_plaintext_and_two_encryptions_of_the_same_content_differ() throws IOException {
        byte[] content = text(200_000);

        byte[] first = encrypt(content, key, CONTEXT);
        byte[] second = encrypt(content, key, CONTEXT);

        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("sandstone", "quarterly");
        assertThat(first).isNotEqualTo(second);
        assertThat(SegmentedAead.startsLikeCiphertext(first)).isTrue();
        assertThat(SegmentedAead.startsLikeCiphertext(content)).isFalse();
    }

    @Test
    void bytes_read_for_another_context_fail_authentication() throws IOException {
        byte[] sealed = encrypt(text(1_000), key, CONTEXT);

        assertThatThrownBy(() -> decrypt(sealed, "chunk|doc-2|" + "ab".repeat(32)))
                .isInstanceOf(TamperedDataException.class).hasMessageContaining("failed authentication");
    }

    @Test
    void bytes_under_another_key_with_the_same_id_fail_authentication() throws IOException {
        byte[] sealed = encrypt(text(1_000), key, CONTEXT);
        byte[] other = new byte[32];
        keys.put(key.id(), new DataKey(key.id(), new SecretKeySpec(other, "AES")));

        assertThatThrownBy(() -> decrypt(sealed, CONTEXT)).isInstanceOf(TamperedDataException.class);
    }

    @Test
    void a_destroyed_key_makes_the_bytes_unreadable_with_a_clear_error() throws IOException {
        byte[] sealed = encrypt(text(1_000), key, CONTEXT);
        keys.remove(key.id());

        assertThatThrownBy(() -> aead.decrypting(new ByteArrayInputStream(sealed), CONTEXT))
                .isInstanceOf(SubjectErasedException.class).hasMessageContaining("erased");
    }

    @Test
    void any_changed_byte_fails_authentication() throws IOException {
        byte[] sealed = encrypt(text(2 * SEGMENT + 10), key, CONTEXT);
        int header = SegmentedAead.headerLength(key.id());
        for (int position : new int[]{8, header - 1, header, header + SEGMENT / 2, sealed.length - 1}) {
            byte[] changed = sealed.clone();
            changed[position] ^= 0x01;

            assertThatThrownBy(() -> decrypt(changed, CONTEXT)).as("byte %d changed", position)
                    .isInstanceOf(TamperedDataException.class);
        }
    }

    @Test
    void a_truncated_or_extended_stream_fails_authentication() throws IOException {
        int header = SegmentedAead.headerLength(key.id());
        int sealedSegment = SEGMENT + SegmentedAead.TAG_BYTES;
        byte[] sealed = encrypt(text(3 * SEGMENT), key, CONTEXT);

        byte[] lastSegmentDropped = Arrays.copyOf(sealed, header + 2 * sealedSegment);
        byte[] cutInside = Arrays.copyOf(sealed, sealed.length - 100);
        byte[] headerOnly = Arrays.copyOf(sealed, header);
        byte[] cutInHeader = Arrays.copyOf(sealed, 20);
        byte[] extended = Arrays.copyOf(sealed, sealed.length + 1);

        for (byte[] damaged : new byte[][]{lastSegmentDropped, cutInside, headerOnly, cutInHeader, extended}) {
            assertThatThrownBy(() -> decrypt(damaged, CONTEXT)).as("%d of %d bytes", damaged.length, sealed.length)
                    .isInstanceOf(TamperedDataException.class);
        }
    }

    @Test
    void swapped_segments_fail_authentication() throws IOException {
        int header = SegmentedAead.headerLength(key.id());
        int sealedSegment = SEGMENT + SegmentedAead.TAG_BYTES;
        byte[] sealed = encrypt(text(3 * SEGMENT + 5), key, CONTEXT);
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, header, swapped, header + sealedSegment, sealedSegment);
        System.arraycopy(sealed, header + sealedSegment, swapped, header, sealedSegment);

        assertThatThrownBy(() -> decrypt(swapped, CONTEXT)).isInstanceOf(TamperedDataException.class);
    }

    @Test
    void a_segment_from_another_stream_of_the_same_key_and_context_fails_authentication() throws IOException {
        int header = SegmentedAead.headerLength(key.id());
        byte[] content = text(2 * SEGMENT);
        byte[] one = encrypt(content, key, CONTEXT);
        byte[] other = encrypt(content, key, CONTEXT);
        byte[] spliced = one.clone();
        System.arraycopy(other, header, spliced, header, SEGMENT + SegmentedAead.TAG_BYTES);

        assertThatThrownBy(() -> decrypt(spliced, CONTEXT)).isInstanceOf(TamperedDataException.class);
    }

    @Test
    void plaintext_is_not_taken_for_ciphertext() {
        byte[] plaintext = text(1_000);

        assertThatThrownBy(() -> decrypt(plaintext, CONTEXT)).isInstanceOf(TamperedDataException.class)
                .hasMessageContaining("not in the encrypted format");
    }

    @Test
    void releases_the_first_segment_before_reading_the_rest() throws IOException {
        byte[] content = text(4 * SEGMENT);
        byte[] sealed = encrypt(content, key, CONTEXT);
        byte[] firstSegmentAndALittle = Arrays.copyOf(sealed, SegmentedAead.headerLength(key.id()) + SEGMENT
                + SegmentedAead.TAG_BYTES + 10);

        try (InputStream in = aead.decrypting(new ByteArrayInputStream(firstSegmentAndALittle), CONTEXT)) {
            assertThat(in.readNBytes(SEGMENT)).isEqualTo(Arrays.copyOf(content, SEGMENT));
            assertThatThrownBy(in::read).isInstanceOf(TamperedDataException.class);
        }
    }

    private byte[] encrypt(byte[] content, DataKey with, String context) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = aead.encrypting(sink, with, context)) {
            out.write(content);
        }
        return sink.toByteArray();
    }

    private byte[] decrypt(byte[] sealed, String context) throws IOException {
        try (InputStream in = aead.decrypting(new ByteArrayInputStream(sealed), context)) {
            return in.readAllBytes();
        }
    }

    private static byte[] text(int length) {
        Random random = new Random(length);
        String[] words = {"sandstone", "quarterly", "report", "the", "of", "chunk"};
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]).append(' ');
        }
        return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }
}
