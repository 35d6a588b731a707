package dev.sandstone.platform.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Content read once from the caller into a local file, encoded as configured (compressed, then sealed), with the
 * size and SHA-256 of what was read: the key is known only at the end of the stream, and an upload of known length can be retried or split into
 * parts. The file starts with {@code reserved} bytes (the file system store's header), then the stored bytes.
 * Closing deletes the file unless an adapter moved it away.
 */
public final class StagedContent implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final long reserved;
    private final BlobRef ref;
    private final BlobSeal seal;

    private StagedContent(Path file, long reserved, BlobRef ref, BlobSeal seal) {
        this.file = file;
        this.reserved = reserved;
        this.ref = ref;
        this.seal = seal;
    }

    /**
     * Reads {@code content} to its end into {@code file} (which must not exist), unencrypted, keyed by its SHA-256.
     *
     * @throws IllegalArgumentException if {@code declaredLength} is known and the stream delivered another length
     * @throws UncheckedIOException     if reading {@code content} failed (the caller's stream, not our storage)
     * @throws IOException              if the file could not be written
     */
    static StagedContent write(InputStream content, long declaredLength, Compression compression, Path file,
                               int reserved) throws IOException {
        return write(content, declaredLength, null, null, compression, BlobSeal.NONE, file, reserved);
    }

    /**
     * Reads {@code content} to its end into {@code file} (which must not exist): compressed, then sealed.
     *
     * @param key            the blob's key, or null for the content address of its SHA-256
     * @param expectedSha256 the SHA-256 the content must have, or null if not known in advance
     * @throws IllegalArgumentException if the stream delivered another length or SHA-256 than announced
     * @throws UncheckedIOException     if reading {@code content} failed (the caller's stream, not our storage)
     * @throws IOException              if the file could not be written
     */
    static StagedContent write(InputStream content, long declaredLength, String key, String expectedSha256,
                               Compression compression, BlobSeal seal, Path file, int reserved) throws IOException {
        MessageDigest digest = BlobStreams.sha256();
        long size = 0;
        long storedSize;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.position(reserved);
            Counting stored = new Counting(Channels.newOutputStream(channel));
            try (OutputStream encoder = compression.encoder(seal.seal(stored))) {
                byte[] buffer = new byte[BUFFER];
                int read;
                while ((read = readSource(content, buffer)) >= 0) {
                    digest.update(buffer, 0, read);
                    size += read;
                    encoder.write(buffer, 0, read);
                }
            }
            storedSize = stored.count;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        if (declaredLength != BlobStore.UNKNOWN_LENGTH && declaredLength != size) {
            Files.deleteIfExists(file);
            throw new IllegalArgumentException("The content was announced as " + declaredLength + " bytes but "
                    + size + " were read; nothing was stored");
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256 != null && !expectedSha256.equals(sha256)) {
            Files.deleteIfExists(file);
            throw new IllegalArgumentException("The content was announced with SHA-256 " + expectedSha256
                    + " but has " + sha256 + "; nothing was stored");
        }
        return new StagedContent(file, reserved, new BlobRef(key == null ? BlobKeys.forSha256(sha256) : key, size,
                sha256, compression, storedSize, seal.encrypts()), seal);
    }

    private static int readSource(InputStream content, byte[] buffer) {
        try {
            return content.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the content to store failed", e);
        }
    }

    /** The blob this content becomes once stored. */
    public BlobRef ref() {
        return ref;
    }

    /** How the stored bytes were encrypted: what reads them back. */
    public BlobSeal seal() {
        return seal;
    }

    public Path file() {
        return file;
    }

    /** {@code length} stored bytes starting at {@code offset} of the stored bytes (after the reserved header). */
    public InputStream openStored(long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(reserved + offset);
        return BlobStreams.limited(Channels.newInputStream(channel), length);
    }

    /** Writes {@code header} into the reserved bytes and forces everything to the disk. */
    public void writeHeaderAndSync(byte[] header) throws IOException {
        if (header.length != reserved) {
            throw new IllegalArgumentException("The header must fill the " + reserved + " reserved bytes");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(header);
            while (buffer.hasRemaining()) {
                channel.write(buffer, buffer.position());
            }
            channel.force(true);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a left-over staging file is swept later; it holds nothing anyone refers to
        }
    }

    /** Counts the stored bytes; closing it closes nothing, so the channel stays for the header. */
    private static final class Counting extends OutputStream {

        private final OutputStream out;
        private long count;

        Counting(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            count += length;
        }

        @Override
        public void close() {
            // the channel belongs to write()
        }
    }
}
