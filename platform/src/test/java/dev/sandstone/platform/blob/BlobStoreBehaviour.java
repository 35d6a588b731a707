package dev.sandstone.platform.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link BlobStore} adapter does, run against each of them on its real storage. Every test stores content
 * of its own, so tests share a store without seeing each other.
 */
public abstract class BlobStoreBehaviour {

    private static final AtomicLong SEEDS = new AtomicLong(20_260_101);

    /** The adapter under test writing new blobs with {@code compression}; every store of a class shares one location. */
    protected abstract BlobStore store(Compression compression);

    /** Changes one stored byte of the blob behind the store's back, as a failing disk would. */
    protected abstract void corrupt(BlobRef ref) throws IOException;

    /** How far apart two writes must be for their last-modified times to differ in this store. */
    protected abstract Duration timeResolution();

    protected BlobStore store() {
        return store(Compression.GZIP);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void stores_content_under_its_sha256_and_returns_it_byte_for_byte(Compression compression) throws IOException {
        byte[] content = prose(300_000);

        BlobRef ref = store(compression).put(new ByteArrayInputStream(content), content.length);

        assertThat(ref.sha256()).isEqualTo(sha256(content));
        assertThat(ref.key()).isEqualTo("sha256/" + ref.sha256().substring(0, 2) + "/" + ref.sha256().substring(2, 4)
                + "/" + ref.sha256());
        assertThat(ref.size()).isEqualTo(content.length);
        assertThat(ref.compression()).isEqualTo(compression);
        assertThat(store(compression).head(ref.key())).contains(ref);
        assertThat(store(compression).exists(ref.key())).isTrue();
        assertThat(read(store(compression).get(ref.key()))).isEqualTo(content);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void compresses_prose_to_a_fraction_of_its_size(Compression compression) {
        byte[] content = prose(300_000);

        BlobRef ref = store(compression).put(new ByteArrayInputStream(content), content.length);

        assertThat(ref.storedSize()).isLessThan(content.length / 3);
    }

    @Test
    void stores_content_of_unknown_length_like_content_of_known_length() throws IOException {
        byte[] content = prose(70_000);

        BlobRef ref = store().put(new ByteArrayInputStream(content), BlobStore.UNKNOWN_LENGTH);

        assertThat(ref.size()).isEqualTo(content.length);
        assertThat(ref.sha256()).isEqualTo(sha256(content));
        assertThat(read(store().get(ref.key()))).isEqualTo(content);
    }

    @Test
    void stores_empty_content() throws IOException {
        BlobRef ref = store(Compression.NONE).put(InputStream.nullInputStream(), 0);

        assertThat(ref.size()).isZero();
        assertThat(read(store(Compression.NONE).get(ref.key()))).isEmpty();
        assertThat(read(store(Compression.NONE).get(ref.key(), ByteRange.last(10)))).isEmpty();
    }

    @Test
    void round_trips_a_20_mib_blob() throws IOException {
        byte[] content = random(20 * 1024 * 1024);

        BlobRef ref = store(Compression.NONE).put(new ByteArrayInputStream(content), content.length);

        assertThat(ref.size()).isEqualTo(content.length);
        assertThat(ref.storedSize()).isEqualTo(content.length);
        assertThat(store(Compression.NONE).head(ref.key())).contains(ref);
        assertThat(sha256(read(store(Compression.NONE).get(ref.key())))).isEqualTo(sha256(content));
        assertThat(read(store(Compression.NONE).get(ref.key(), ByteRange.of(15_000_000, 4))))
                .isEqualTo(Arrays.copyOfRange(content, 15_000_000, 15_000_004));
    }

    @Test
    void storing_identical_content_again_writes_nothing_new_and_returns_the_same_blob() {
        byte[] content = prose(10_000);

        BlobRef first = store().put(new ByteArrayInputStream(content), content.length);
        BlobRef second = store().put(new ByteArrayInputStream(content), BlobStore.UNKNOWN_LENGTH);
        BlobRef underOtherCompression = store(Compression.NONE).put(new ByteArrayInputStream(content), content.length);

        assertThat(second).isEqualTo(first);
        assertThat(underOtherCompression).isEqualTo(first);
        try (Stream<String> keys = store().keysOlderThan(first.key(), Instant.now().plus(Duration.ofDays(1)))) {
            assertThat(keys).containsExactly(first.key());
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void byte_ranges_select_bytes_of_the_uncompressed_content(Compression compression) throws IOException {
        byte[] content = prose(100_000);
        BlobStore store = store(compression);
        String key = store.put(new ByteArrayInputStream(content), content.length).key();

        assertThat(read(store.get(key, ByteRange.of(10, 20)))).isEqualTo(Arrays.copyOfRange(content, 10, 30));
        assertThat(read(store.get(key, ByteRange.of(0, 1)))).isEqualTo(Arrays.copyOfRange(content, 0, 1));
        assertThat(read(store.get(key, ByteRange.from(99_990)))).isEqualTo(Arrays.copyOfRange(content, 99_990, 100_000));
        assertThat(read(store.get(key, ByteRange.last(5)))).isEqualTo(Arrays.copyOfRange(content, 99_995, 100_000));
        assertThat(read(store.get(key, ByteRange.of(99_995, 100)))).as("cut at the end")
                .isEqualTo(Arrays.copyOfRange(content, 99_995, 100_000));
        assertThat(read(store.get(key, ByteRange.last(1_000_000)))).as("longer than the content").isEqualTo(content);
        assertThat(read(store.get(key, ByteRange.from(0)))).isEqualTo(content);
        assertThat(read(store.get(key, ByteRange.from(100_000)))).as("starts at the end").isEmpty();
        assertThat(read(store.get(key, ByteRange.of(200_000, 10)))).as("starts past the end").isEmpty();
    }

    @Test
    void a_range_read_may_stop_early() throws IOException {
        byte[] content = random(3 * 1024 * 1024);
        BlobStore store = store(Compression.GZIP);
        String key = store.put(new ByteArrayInputStream(content), content.length).key();

        try (InputStream range = store.get(key, ByteRange.from(1_000_000))) {
            assertThat(range.readNBytes(3)).isEqualTo(Arrays.copyOfRange(content, 1_000_000, 1_000_003));
        }
        assertThat(read(store.get(key, ByteRange.last(3)))).isEqualTo(Arrays.copyOfRange(content, content.length - 3,
                content.length));
    }

    @ParameterizedTest
    @ValueSource(longs = {9_999, 10_001})
    void content_of_another_length_than_announced_is_rejected_and_nothing_is_stored(long announced) {
        byte[] content = prose(10_000);

        assertThatThrownBy(() -> store().put(new ByteArrayInputStream(content), announced))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing was stored");
        assertThat(store().exists(BlobKeys.forSha256(sha256(content)))).isFalse();
    }

    @Test
    void a_source_stream_that_fails_fails_the_put_as_an_io_error() {
        assertThatThrownBy(() -> store().put(failingAfter(5_000), 10_000)).isInstanceOf(UncheckedIOException.class);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void a_blob_changed_at_rest_fails_its_read_instead_of_returning_wrong_content(Compression compression)
            throws IOException {
        byte[] content = prose(200_000);
        BlobRef ref = store(compression).put(new ByteArrayInputStream(content), content.length);

        corrupt(ref);

        assertThatThrownBy(() -> read(store(compression).get(ref.key())))
                .isInstanceOf(BlobCorruptedException.class)
                .hasMessageContaining(ref.key());
        assertThatThrownBy(() -> {
            try (InputStream stream = store(compression).get(ref.key())) {
                stream.readNBytes((int) ref.size());
            }
        }).as("a reader that stops at the last byte").isInstanceOf(BlobCorruptedException.class);
    }

    @Test
    void a_prefix_is_not_a_blob() {
        byte[] content = prose(1_000);
        BlobRef ref = store().put(new ByteArrayInputStream(content), content.length);
        String directoryLike = ref.key().substring(0, ref.key().lastIndexOf('/'));

        assertThat(store().head(directoryLike)).isEmpty();
        assertThat(store().delete(directoryLike)).isFalse();
        assertThat(store().exists(ref.key())).isTrue();
    }

    @Test
    void a_missing_blob_is_absent_and_not_found() {
        String key = BlobKeys.forSha256(sha256(prose(123)));

        assertThat(store().head(key)).isEmpty();
        assertThat(store().exists(key)).isFalse();
        assertThat(store().delete(key)).isFalse();
        assertThatThrownBy(() -> store().get(key)).isInstanceOf(BlobNotFoundException.class).hasMessageContaining(key);
        assertThatThrownBy(() -> store().get(key, ByteRange.of(0, 10))).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void a_deleted_blob_is_gone() {
        byte[] content = prose(5_000);
        BlobRef ref = store().put(new ByteArrayInputStream(content), content.length);

        assertThat(store().delete(ref.key())).isTrue();

        assertThat(store().head(ref.key())).isEmpty();
        assertThatThrownBy(() -> store().get(ref.key())).isInstanceOf(BlobNotFoundException.class);
        assertThat(store().put(new ByteArrayInputStream(content), content.length)).as("stored anew").isEqualTo(ref);
        assertThat(store().exists(ref.key())).isTrue();
    }

    @Test
    void lists_blobs_last_written_before_a_cutoff_for_garbage_collection() throws InterruptedException {
        byte[] older = prose(1_000);
        byte[] newer = prose(1_000);
        BlobRef olderRef = store().put(new ByteArrayInputStream(older), older.length);
        Thread.sleep(timeResolution().toMillis());
        Instant cutoff = Instant.now();
        Thread.sleep(timeResolution().toMillis());
        BlobRef newerRef = store().put(new ByteArrayInputStream(newer), newer.length);

        assertThat(keysOlderThan(BlobKeys.CONTENT_PREFIX, cutoff)).contains(olderRef.key())
                .doesNotContain(newerRef.key());
        assertThat(keysOlderThan(olderRef.key().substring(0, 10), cutoff)).contains(olderRef.key())
                .allMatch(key -> key.startsWith(olderRef.key().substring(0, 10)));
        assertThat(keysOlderThan("elsewhere/", Instant.now().plusSeconds(60))).isEmpty();

        store().put(new ByteArrayInputStream(older), older.length);

        assertThat(keysOlderThan(BlobKeys.CONTENT_PREFIX, cutoff)).as("storing it again restarts its grace period")
                .doesNotContain(olderRef.key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "/etc/passwd", "sha256/../../outside", ".incoming/x", "sha256/AB/cd",
            "sha256//x", "sha256/x/", ""})
    void refuses_keys_that_could_name_something_outside_its_blobs(String key) {
        assertThatThrownBy(() -> store().head(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().get(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().delete(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reports_where_it_stores_when_checked() {
        assertThat(store().check()).containsKey("store").containsEntry("compression", "gzip");
    }

    private List<String> keysOlderThan(String prefix, Instant cutoff) {
        try (Stream<String> keys = store().keysOlderThan(prefix, cutoff)) {
            return keys.toList();
        }
    }

    /** A client's upload that breaks off after {@code bytes} bytes. */
    protected static InputStream failingAfter(int bytes) {
        return new InputStream() {
            private int left = bytes;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("client went away");
                }
                return 'x';
            }
        };
    }

    protected static byte[] read(InputStream stream) throws IOException {
        try (stream) {
            return stream.readAllBytes();
        }
    }

    /** Text that compresses like prose, different for every call. */
    protected static byte[] prose(int length) {
        Random random = new Random(SEEDS.incrementAndGet());
        String[] words = {"sandstone", "document", "publish", "review", "version", "the", "of", "and", "team",
                "content", "large", "chunk", "event", "store", "blob", "quarterly", "report"};
        StringBuilder text = new StringBuilder(length + 16);
        text.append(random.nextLong()).append(' ');
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(8) == 0 ? ".\n" : " ");
        }
        return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    /** Incompressible bytes, different for every call. */
    protected static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(SEEDS.incrementAndGet()).nextBytes(bytes);
        return bytes;
    }

    protected static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
