package dev.sandstone.platform.blob.filesystem;

import dev.sandstone.platform.blob.BlobCorruptedException;
import dev.sandstone.platform.blob.BlobKeys;
import dev.sandstone.platform.blob.BlobNotFoundException;
import dev.sandstone.platform.blob.BlobRef;
import dev.sandstone.platform.blob.BlobStoreUnavailableException;
import dev.sandstone.platform.blob.Compression;
import dev.sandstone.platform.blob.ContentAddressedBlobStore;
import dev.sandstone.platform.blob.StagedContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs as files under one directory (the local default): {@code <directory>/<key>}, e.g.
 * {@code documents/<id>/chunks/<hex>} or, written before contents were stored per document, {@code sha256/ab/cd/<hex>}.
 * <p>
 * Each file starts with a {@value #HEADER_SIZE}-byte text header ({@code sandstone-blob/1 <sha256> <size>
 * <compression>}, followed by {@value #ENCRYPTED} when the stored bytes are encrypted) followed by the stored bytes, so a blob and its description appear together, atomically. A put
 * writes a staging file in {@code <directory>/.incoming}, forces it to disk, reads it back to verify size and hash,
 * then renames it into place (an atomic move on one file system) and forces the directories that changed. Readers
 * therefore see a complete, verified blob or none. Staging files left by a crash are removed after a day.
 * <p>
 * Keys are checked against {@link BlobKeys}' syntax and must resolve inside the directory, so no key can reach a file
 * outside it.
 */
public class FileSystemBlobStore extends ContentAddressedBlobStore {

    /** Length of the header in front of the stored bytes of every blob file. */
    public static final int HEADER_SIZE = 128;

    private static final Logger log = LoggerFactory.getLogger(FileSystemBlobStore.class);
    private static final String MAGIC = "sandstone-blob/1";
    /** The header's last field for encrypted blobs (compressed, then AES-256-GCM in segments, see BlobSeal). */
    static final String ENCRYPTED = "aes256gcm-stream";
    private static final String INCOMING = ".incoming";
    private static final Duration STALE_STAGING = Duration.ofDays(1);

    private final Path root;
    private final Path incoming;

    /** A store in {@code directory}, created on the first write; new blobs are stored with {@code compression}. */
    public FileSystemBlobStore(Path directory, Compression compression) {
        super(compression);
        this.root = directory.toAbsolutePath().normalize();
        this.incoming = root.resolve(INCOMING);
        removeStaleStagingFiles();
    }

    public Path directory() {
        return root;
    }

    @Override
    public Optional<BlobRef> head(String key) {
        Path file = fileOf(key);
        if (Files.isDirectory(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Optional.of(readHeader(key, channel));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("reading " + key, e);
        }
    }

    @Override
    public boolean delete(String key) {
        Path file = fileOf(key);
        if (Files.isDirectory(file)) {
            return false;
        }
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw unavailable("deleting " + key, e);
        }
    }

    @Override
    public long deleteAll(String prefix) {
        Path start = directoryOf(prefix);
        if (!Files.isDirectory(start)) {
            return 0;
        }
        long deleted = 0;
        List<Path> directories = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isDirectory(file)) {
                    directories.add(file);
                } else if (keyOf(file).startsWith(prefix) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
            // Deepest first, so each directory is empty by the time it is removed; one still in use stays.
            directories.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path directory : directories) {
                try {
                    Files.deleteIfExists(directory);
                } catch (DirectoryNotEmptyException inUse) {
                    // a put wrote into it meanwhile: its blob stays, and so does the directory
                }
            }
            syncDirectories(start.getParent());
        } catch (IOException | UncheckedIOException e) {
            throw unavailable("deleting " + prefix, e instanceof UncheckedIOException io ? io.getCause() : e);
        }
        return deleted;
    }

    /** The directory holding the keys under {@code prefix}, which must end with {@code /}. */
    private Path directoryOf(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("A prefix to delete must end with /: " + prefix);
        }
        Path directory = root.resolve(prefix.substring(0, prefix.length() - 1)).normalize();
        if (!directory.startsWith(root) || directory.equals(root) || directory.startsWith(incoming)) {
            throw new IllegalArgumentException("Prefix " + prefix + " leaves the blob directory");
        }
        return directory;
    }

    @Override
    public Stream<String> keysOlderThan(String prefix, Instant cutoff) {
        BlobKeys.requireValidPrefix(prefix);
        Path start = prefix.contains("/") ? root.resolve(prefix.substring(0, prefix.lastIndexOf('/'))) : root;
        if (!Files.isDirectory(start)) {
            return Stream.empty();
        }
        Stream<Path> files;
        try {
            files = Files.walk(start);
        } catch (IOException e) {
            throw unavailable("listing " + prefix, e);
        }
        return translatingFailures(files, e -> e instanceof UncheckedIOException io
                ? unavailable("listing " + prefix, io.getCause()) : e)
                .filter(Files::isRegularFile)
                .filter(file -> lastModified(file).map(time -> time.isBefore(cutoff)).orElse(false))
                .map(this::keyOf)
                .filter(key -> BlobKeys.isValid(key) && key.startsWith(prefix));
    }

    @Override
    public Map<String, Object> check() {
        Path existing = root;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw unavailable("checking", new IOException(existing + " is not a writable directory"));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", "filesystem");
        details.put("directory", root.toString());
        details.put("compression", compression().id());
        try {
            details.put("usableBytes", Files.getFileStore(existing).getUsableSpace());
        } catch (IOException e) {
            throw unavailable("checking", e);
        }
        return details;
    }

    @Override
    protected Path stagingFile() {
        try {
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw unavailable("creating " + incoming, e);
        }
        return incoming.resolve(UUID.randomUUID() + ".tmp");
    }

    @Override
    protected int headerSize() {
        return HEADER_SIZE;
    }

    @Override
    protected void store(StagedContent staged) {
        BlobRef ref = staged.ref();
        Path target = fileOf(ref.key());
        try {
            staged.writeHeaderAndSync(header(ref));
            verifyWritten(staged, ref);
            Files.createDirectories(target.getParent());
            // Replaces a damaged blob of the same key; an intact one was never staged again (see put).
            Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectories(target.getParent());
        } catch (IOException e) {
            throw unavailable("writing " + ref.key(), e);
        }
    }

    @Override
    protected boolean touch(BlobRef ref) {
        try {
            Files.setLastModifiedTime(fileOf(ref.key()), FileTime.from(Instant.now()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw unavailable("touching " + ref.key(), e);
        }
    }

    @Override
    protected InputStream openStored(BlobRef ref, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(fileOf(ref.key()), StandardOpenOption.READ);
            channel.position(HEADER_SIZE + offset);
            return Channels.newInputStream(channel);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(ref.key());
        } catch (IOException e) {
            throw unavailable("reading " + ref.key(), e);
        }
    }

    @Override
    protected BlobStoreUnavailableException unavailable(String operation, Exception cause) {
        return new BlobStoreUnavailableException("Blob directory " + root + ": " + operation + " failed: " + cause,
                cause);
    }

    /** The file of a key, which must lie inside the directory. */
    private Path fileOf(String key) {
        Path file = root.resolve(BlobKeys.requireValid(key)).normalize();
        if (!file.startsWith(root) || file.equals(root) || file.startsWith(incoming)) {
            throw new IllegalArgumentException("Blob key " + key + " leaves the blob directory");
        }
        return file;
    }

    private String keyOf(Path file) {
        return StreamSupport.stream(root.relativize(file).spliterator(), false)
                .map(Path::toString)
                .collect(Collectors.joining("/"));
    }

    private void verifyWritten(StagedContent staged, BlobRef ref) throws IOException {
        try (FileChannel channel = FileChannel.open(staged.file(), StandardOpenOption.READ)) {
            BlobRef written = readHeader(ref.key(), channel);
            if (!written.equals(ref)) {
                throw new BlobCorruptedException("Blob " + ref.key() + " was written as " + written + ", not " + ref);
            }
            verify(Channels.newInputStream(channel), ref, staged.seal());
        }
    }

    private static byte[] header(BlobRef ref) {
        String text = String.join(" ", MAGIC, ref.sha256(), Long.toString(ref.size()), ref.compression().id())
                + (ref.encrypted() ? " " + ENCRYPTED : "");
        byte[] header = new byte[HEADER_SIZE];
        Arrays.fill(header, (byte) ' ');
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, 0, bytes.length);
        header[HEADER_SIZE - 1] = '\n';
        return header;
    }

    /** Reads and checks the header; leaves the channel at the first stored byte. */
    private static BlobRef readHeader(String key, FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // keep reading: a read may return fewer bytes
        }
        String[] fields = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip()
                .split(" ");
        try {
            boolean encrypted = fields.length == 5 && fields[4].equals(ENCRYPTED);
            if (buffer.hasRemaining() || (fields.length != 4 && !encrypted) || !fields[0].equals(MAGIC)) {
                throw new IllegalArgumentException("unexpected header " + String.join(" ", fields));
            }
            // The key must end with the header's SHA-256 (checked by BlobRef): a file moved to another key is damaged.
            return new BlobRef(key, Long.parseLong(fields[2]), fields[1], Compression.fromId(fields[3]),
                    channel.size() - HEADER_SIZE, encrypted);
        } catch (IllegalArgumentException e) {
            throw new BlobCorruptedException("Blob file of " + key + " is damaged: " + e.getMessage(), e);
        }
    }

    private static Optional<Instant> lastModified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /** Makes the rename durable: forces each directory from the blob's up to the root (Linux allows it). */
    private void syncDirectories(Path directory) {
        for (Path current = directory; current != null && current.startsWith(root); current = current.getParent()) {
            try (FileChannel channel = FileChannel.open(current, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException unsupported) {
                return;
            }
        }
    }

    private void removeStaleStagingFiles() {
        if (!Files.isDirectory(incoming)) {
            return;
        }
        Instant cutoff = Instant.now().minus(STALE_STAGING);
        try (Stream<Path> files = Files.list(incoming)) {
            files.filter(file -> lastModified(file).map(time -> time.isBefore(cutoff)).orElse(false))
                    .forEach(file -> {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException e) {
                            log.warn("Cannot remove stale staging file {}: {}", file, e.toString());
                        }
                    });
        } catch (IOException e) {
            log.warn("Cannot sweep stale staging files in {}: {}", incoming, e.toString());
        }
    }
}
