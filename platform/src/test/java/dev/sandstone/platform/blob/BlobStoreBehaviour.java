package dev.sandstone.platform.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.platform.crypto.DataKey;
import dev.sandstone.platform.crypto.SegmentedAead;
import dev.sandstone.platform.crypto.TamperedDataException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
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

    /** The stored bytes of a blob as they are at rest, read behind the store's back. */
    protected abstract byte[] storedBytes(BlobRef ref) throws IOException;

    /** Data keys of the encrypting seals of these tests (no database: the seal is what is tested here). */
    private final Map<String, DataKey> dataKeys = new ConcurrentHashMap<>();
    private final SegmentedAead aead = new SegmentedAead(id -> Optional.ofNullable(dataKeys.get(id)));

    /** An encrypting seal bound to {@code context}, under a key of its own. */
    protected BlobSeal seal(String context) {
        byte[] material = new byte[32];
        new Random(SEEDS.incrementAndGet()).nextBytes(material);
        DataKey key = new DataKey(UUID.randomUUID().toString(), new SecretKeySpec(material, "AES"));
        dataKeys.put(key.id(), key);
        return new TestSeal(key, context);
    }

    private final class TestSeal implements BlobSeal {
        private final DataKey key;
        private final String context;

        TestSeal(DataKey key, String context) {
            this.key = key;
            this.context = context;
        }

        @Override
        public boolean encrypts() {
            return true;
        }

        @Override
        public OutputStream seal(OutputStream stored) throws IOException {
            return aead.encrypting(stored, key, context);
        }

        @Override
        public InputStream open(InputStream stored) throws IOException {
            return aead.decrypting(stored, context);
        }

        TestSeal forContext(String other) {
            return new TestSeal(key, other);
        }
    }

    /** A key of its own for every call: {@code <prefix>/<sha256>}. */
    private static String keyFor(String prefix, byte[] content) {
        return prefix + "/" + sha256(content);
    }

    private static String uniquePrefix() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

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

    @ParameterizedTest
    @EnumSource(Compression.class)
    void stores_encrypted_content_under_the_key_named_compressed_then_sealed(Compression compression)
            throws IOException {
        byte[] content = prose(300_000);
        String key = keyFor(uniquePrefix() + "/chunks", content);
        BlobSeal seal = seal("chunk one");

        BlobRef ref = store(compression).put(key, sha256(content), new ByteArrayInputStream(content), content.length,
                seal);

        assertThat(ref).isEqualTo(new BlobRef(key, content.length, sha256(content), compression, ref.storedSize(),
                true));
        assertThat(store(compression).head(key)).contains(ref);
        assertThat(read(store(compression).get(key, seal))).isEqualTo(content);
        assertThat(read(store(compression).get(key, ByteRange.of(250_000, 10), seal)))
                .isEqualTo(Arrays.copyOfRange(content, 250_000, 250_010));
        byte[] stored = storedBytes(ref);
        assertThat(stored).hasSize((int) ref.storedSize());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("no plaintext at rest")
                .doesNotContain("sandstone", "quarterly", "document");
        if (compression != Compression.NONE) {
            assertThat(ref.storedSize()).as("compressed before it was encrypted").isLessThan(content.length / 3);
        }
    }

    @Test
    void encrypted_content_read_for_another_identity_fails_authentication() {
        byte[] content = prose(10_000);
        String key = keyFor(uniquePrefix(), content);
        TestSeal seal = (TestSeal) seal("this blob");
        store().put(key, sha256(content), new ByteArrayInputStream(content), content.length, seal);

        assertThatThrownBy(() -> read(store().get(key, seal.forContext("another blob"))))
                .isInstanceOf(TamperedDataException.class);
        assertThatThrownBy(() -> read(store().get(key, ByteRange.of(5, 5), seal.forContext("another blob"))))
                .isInstanceOf(TamperedDataException.class);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void an_encrypted_blob_changed_at_rest_fails_authentication(Compression compression) throws IOException {
        byte[] content = prose(200_000);
        BlobSeal seal = seal("changed");
        BlobRef ref = store(compression).put(keyFor(uniquePrefix(), content), sha256(content),
                new ByteArrayInputStream(content), content.length, seal);

        corrupt(ref);

        assertThatThrownBy(() -> read(store(compression).get(ref.key(), seal)))
                .isInstanceOf(TamperedDataException.class);
    }

    @Test
    void an_encrypted_blob_is_never_read_without_its_seal_nor_plaintext_read_as_if_encrypted() {
        byte[] secret = prose(5_000);
        String encrypted = keyFor(uniquePrefix(), secret);
        BlobSeal seal = seal("sealed");
        store().put(encrypted, sha256(secret), new ByteArrayInputStream(secret), secret.length, seal);
        byte[] plain = prose(5_000);
        String unencrypted = keyFor(uniquePrefix(), plain);
        store().put(unencrypted, sha256(plain), new ByteArrayInputStream(plain), plain.length, BlobSeal.NONE);

        assertThatThrownBy(() -> store().get(encrypted)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store().get(encrypted, ByteRange.of(0, 10))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store().get(unencrypted, seal)).isInstanceOf(BlobCorruptedException.class)
                .hasMessageContaining("unencrypted");
    }

    @Test
    void content_the_key_holds_already_is_not_read_again_and_its_time_is_refreshed() throws Exception {
        byte[] content = prose(20_000);
        String key = keyFor(uniquePrefix(), content);
        BlobSeal seal = seal("again");
        BlobRef first = store().put(key, sha256(content), new ByteArrayInputStream(content), content.length, seal);
        Thread.sleep(timeResolution().toMillis());
        Instant cutoff = Instant.now();
        Thread.sleep(timeResolution().toMillis());

        BlobRef again = store().put(key, sha256(content), failingAfter(0), content.length, seal);

        assertThat(again).isEqualTo(first);
        assertThat(keysOlderThan(key, cutoff)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void content_without_the_announced_sha256_is_rejected_and_nothing_is_stored(boolean encrypted) {
        byte[] content = prose(10_000);
        String other = sha256(prose(10));
        String key = uniquePrefix() + "/" + other;

        assertThatThrownBy(() -> store().put(key, other, new ByteArrayInputStream(content), content.length,
                encrypted ? seal("x") : BlobSeal.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing was stored");
        assertThat(store().exists(key)).isFalse();
        assertThatThrownBy(() -> store().put(uniquePrefix() + "/not-its-hash", sha256(content),
                new ByteArrayInputStream(content), content.length, BlobSeal.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletes_every_blob_under_a_prefix_and_nothing_beside_it() {
        String prefix = uniquePrefix();
        byte[] one = prose(1_000);
        byte[] two = prose(70_000);
        byte[] beside = prose(1_000);
        store().put(keyFor(prefix + "/chunks", one), sha256(one), new ByteArrayInputStream(one), one.length,
                seal("one"));
        store().put(keyFor(prefix + "/published", two), sha256(two), new ByteArrayInputStream(two), two.length,
                BlobSeal.NONE);
        String besideKey = keyFor(prefix + "x/chunks", beside);
        store().put(besideKey, sha256(beside), new ByteArrayInputStream(beside), beside.length, BlobSeal.NONE);

        assertThat(store().deleteAll(prefix + "/")).isEqualTo(2);

        assertThat(keysOlderThan(prefix + "/", Instant.now().plusSeconds(60))).isEmpty();
        assertThat(store().exists(besideKey)).isTrue();
        assertThat(store().deleteAll(prefix + "/")).as("nothing left").isZero();
        assertThatThrownBy(() -> store().deleteAll(prefix)).as("a prefix to delete ends with /")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().deleteAll("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_blob_put_as_is_is_stored_uncompressed_and_unsealed_whatever_the_setting_and_read_back_verified()
            throws IOException {
        byte[] content = prose(200_000);
        String key = "exports/as-is/" + sha256(content);

        BlobRef ref = store().putAsIs(key, sha256(content), new ByteArrayInputStream(content), content.length);

        assertThat(ref.key()).isEqualTo(key);
        assertThat(ref.sha256()).isEqualTo(sha256(content));
        assertThat(ref.compression()).as("stored as it is, whatever the store's compression").isEqualTo(Compression.NONE);
        assertThat(ref.encrypted()).isFalse();
        assertThat(ref.storedSize()).isEqualTo(content.length);
        assertThat(store().head(key)).contains(ref);
        assertThat(read(store().get(key))).isEqualTo(content);
        assertThat(store().putAsIs(key, sha256(content), new ByteArrayInputStream(content), content.length))
                .as("the same content again is kept").isEqualTo(ref);
    }

    @Test
    void a_blob_put_as_is_must_be_what_its_key_and_hash_announce() {
        byte[] content = prose(3_000);
        String sha256 = sha256(content);

        assertThatThrownBy(() -> store().putAsIs("exports/x/" + sha256(prose(10)), sha256,
                new ByteArrayInputStream(content), content.length)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().putAsIs("exports/y/" + sha256(prose(10)), sha256(prose(10)),
                new ByteArrayInputStream(content), content.length)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().putAsIs("../" + sha256, sha256, new ByteArrayInputStream(content),
                content.length)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store().exists("exports/y/" + sha256)).isFalse();
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
