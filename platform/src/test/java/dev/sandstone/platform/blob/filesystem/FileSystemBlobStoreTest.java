package dev.sandstone.platform.blob.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.platform.blob.BlobCorruptedException;
import dev.sandstone.platform.blob.BlobKeys;
import dev.sandstone.platform.blob.BlobRef;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.blob.BlobStoreBehaviour;
import dev.sandstone.platform.blob.BlobStoreHealthIndicator;
import dev.sandstone.platform.blob.BlobStoreUnavailableException;
import dev.sandstone.platform.blob.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;

class FileSystemBlobStoreTest extends BlobStoreBehaviour {

    @TempDir
    static Path directory;

    private final Map<Compression, BlobStore> stores = new EnumMap<>(Compression.class);

    @Override
    protected BlobStore store(Compression compression) {
        return stores.computeIfAbsent(compression, c -> new FileSystemBlobStore(directory.resolve("blobs"), c));
    }

    @Override
    protected void corrupt(BlobRef ref) throws IOException {
        try (FileChannel file = FileChannel.open(directory.resolve("blobs").resolve(ref.key()),
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long position = FileSystemBlobStore.HEADER_SIZE + ref.storedSize() / 2;
            ByteBuffer one = ByteBuffer.allocate(1);
            file.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x20)).rewind();
            file.write(one, position);
        }
    }

    @Override
    protected byte[] storedBytes(BlobRef ref) throws IOException {
        byte[] file = Files.readAllBytes(directory.resolve("blobs").resolve(ref.key()));
        return java.util.Arrays.copyOfRange(file, FileSystemBlobStore.HEADER_SIZE, file.length);
    }

    @Override
    protected Duration timeResolution() {
        return Duration.ofMillis(50);
    }

    @Test
    void an_encrypted_blob_says_so_in_its_header() throws IOException {
        byte[] content = prose(2_000);
        String sha = sha256(content);

        BlobRef ref = store().put("sealed/" + sha, sha, new ByteArrayInputStream(content), content.length,
                seal("header"));

        byte[] file = Files.readAllBytes(directory.resolve("blobs").resolve(ref.key()));
        assertThat(new String(file, 0, FileSystemBlobStore.HEADER_SIZE, java.nio.charset.StandardCharsets.US_ASCII)
                .strip()).isEqualTo("sandstone-blob/1 " + sha + " 2000 gzip aes256gcm-stream");
    }

    @Test
    void a_blob_file_moved_to_another_key_is_damaged() throws IOException {
        byte[] content = prose(2_000);
        BlobRef ref = store().put(new ByteArrayInputStream(content), content.length);
        String otherKey = BlobKeys.forSha256(sha256(prose(10)));
        Path moved = directory.resolve("blobs").resolve(otherKey);
        Files.createDirectories(moved.getParent());
        Files.copy(directory.resolve("blobs").resolve(ref.key()), moved);

        assertThatThrownBy(() -> store().head(otherKey)).isInstanceOf(BlobCorruptedException.class);
    }

    @Test
    void keeps_each_blob_in_one_file_under_its_key_and_no_staging_files() {
        byte[] content = prose(2_000);

        BlobRef ref = store().put(new ByteArrayInputStream(content), content.length);

        Path file = directory.resolve("blobs").resolve(ref.key());
        assertThat(file).isRegularFile().hasSize(FileSystemBlobStore.HEADER_SIZE + ref.storedSize());
        assertThat(directory.resolve("blobs/.incoming")).isEmptyDirectory();
    }

    @Test
    void keeps_a_blob_put_as_is_at_its_key_and_offers_no_download_url_of_its_own() {
        byte[] content = prose(2_000);
        String key = "exports/abc/" + sha256(content);

        BlobRef ref = store().putAsIs(key, sha256(content), new ByteArrayInputStream(content), content.length);

        assertThat(directory.resolve("blobs").resolve(key)).isRegularFile()
                .hasSize(FileSystemBlobStore.HEADER_SIZE + ref.storedSize());
        assertThat(store().downloadUrl(key, Duration.ofMinutes(15), "abc.zip")).as("the application serves it")
                .isEmpty();
    }

    @Test
    void a_failed_put_leaves_no_staging_file() {
        assertThatThrownBy(() -> store().put(failingAfter(100_000), BlobStore.UNKNOWN_LENGTH))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(directory.resolve("blobs/.incoming")).isEmptyDirectory();
    }

    @Test
    void a_damaged_header_is_reported_as_corruption_and_repaired_by_storing_the_content_again() throws IOException {
        byte[] content = prose(4_000);
        BlobRef ref = store().put(new ByteArrayInputStream(content), content.length);
        Path file = directory.resolve("blobs").resolve(ref.key());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("garbage".getBytes()), 0);
        }

        assertThatThrownBy(() -> store().head(ref.key())).isInstanceOf(BlobCorruptedException.class)
                .hasMessageContaining("damaged");

        assertThat(store().put(new ByteArrayInputStream(content), content.length)).isEqualTo(ref);
        assertThat(read(store().get(ref.key()))).isEqualTo(content);
    }

    @Test
    void a_directory_that_cannot_be_created_makes_the_store_unavailable_and_its_health_down() throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("plain-file"), "not a directory");
        FileSystemBlobStore broken = new FileSystemBlobStore(notADirectory.resolve("blobs"), Compression.GZIP);

        assertThatThrownBy(() -> broken.put(new ByteArrayInputStream(prose(10)), 10))
                .isInstanceOf(BlobStoreUnavailableException.class)
                .hasMessage("Content storage is temporarily unavailable");
        assertThatThrownBy(broken::check).isInstanceOf(BlobStoreUnavailableException.class);
        assertThat(new BlobStoreHealthIndicator(broken).health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(new BlobStoreHealthIndicator(store()).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void staging_files_left_by_a_crash_are_removed_after_a_day() throws IOException {
        Path incoming = Files.createDirectories(directory.resolve("crashed/.incoming"));
        Path stale = Files.writeString(incoming.resolve("stale.tmp"), "half a blob");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path recent = Files.writeString(incoming.resolve("recent.tmp"), "a put in progress");

        new FileSystemBlobStore(directory.resolve("crashed"), Compression.GZIP);

        assertThat(stale).doesNotExist();
        assertThat(recent).exists();
    }
}
