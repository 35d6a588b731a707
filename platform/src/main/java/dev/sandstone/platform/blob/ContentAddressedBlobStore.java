package dev.sandstone.platform.blob;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What every adapter does the same way: stage the content to learn its key, skip writing content that is stored
 * already, decode and verify on the way out, cut byte ranges. An adapter supplies the primitive operations on stored
 * bytes and maps its own failures.
 */
public abstract class ContentAddressedBlobStore implements BlobStore {

    private final Compression compression;

    protected ContentAddressedBlobStore(Compression compression) {
        this.compression = compression;
    }

    /** How new blobs are stored. */
    public Compression compression() {
        return compression;
    }

    @Override
    public final BlobRef put(InputStream content, long length) {
        if (length < 0 && length != UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("Invalid content length " + length);
        }
        try (StagedContent staged = stage(content, length)) {
            BlobRef ref = staged.ref();
            Optional<BlobRef> existing = existing(ref.key());
            if (existing.isPresent() && existing.get().sameContentAs(ref) && touch(existing.get())) {
                return existing.get();
            }
            store(staged);
            return ref;
        }
    }

    @Override
    public final BlobRef put(String key, String sha256, InputStream content, long length, BlobSeal seal) {
        return putUnder(key, sha256, content, length, compression, seal);
    }

    @Override
    public final BlobRef putAsIs(String key, String sha256, InputStream content, long length) {
        return putUnder(key, sha256, content, length, Compression.NONE, BlobSeal.NONE);
    }

    private BlobRef putUnder(String key, String sha256, InputStream content, long length, Compression encoding,
                             BlobSeal seal) {
        BlobKeys.requireValid(key);
        if (!BlobKeys.isSha256Hex(sha256) || !BlobKeys.lastSegment(key).equals(sha256)) {
            throw new IllegalArgumentException("Blob key " + key + " does not end with the content's SHA-256 " + sha256);
        }
        if (length < 0) {
            throw new IllegalArgumentException("Invalid content length " + length);
        }
        Optional<BlobRef> existing = existing(key);
        if (existing.isPresent() && existing.get().size() == length && existing.get().sha256().equals(sha256)
                && existing.get().encrypted() == seal.encrypts()
                && (encoding == compression || existing.get().compression() == encoding) && touch(existing.get())) {
            return existing.get();
        }
        try (StagedContent staged = stage(file -> StagedContent.write(content, length, key, sha256, encoding, seal,
                file, headerSize()))) {
            store(staged);
            return staged.ref();
        }
    }

    private StagedContent stage(InputStream content, long length) {
        return stage(file -> StagedContent.write(content, length, compression, file, headerSize()));
    }

    private interface Staging {
        StagedContent write(Path file) throws IOException;
    }

    private StagedContent stage(Staging staging) {
        Path file = stagingFile();
        try {
            return staging.write(file);
        } catch (IOException e) {
            throw unavailable("staging content in " + file.getParent(), e);
        }
    }

    /** The blob already stored under a key; one whose record is damaged counts as absent, so a put repairs it. */
    private Optional<BlobRef> existing(String key) {
        try {
            return head(key);
        } catch (BlobCorruptedException damaged) {
            return Optional.empty();
        }
    }

    @Override
    public final InputStream get(String key) {
        return get(key, BlobSeal.NONE);
    }

    @Override
    public final InputStream get(String key, BlobSeal seal) {
        BlobRef ref = described(key, seal);
        InputStream stored = openStored(ref, 0, ref.storedSize());
        try {
            return BlobStreams.verified(stored, ref, seal);
        } catch (IOException e) {
            throw unavailable("reading " + key, e);
        }
    }

    @Override
    public final InputStream get(String key, ByteRange range) {
        return get(key, range, BlobSeal.NONE);
    }

    @Override
    public final InputStream get(String key, ByteRange range, BlobSeal seal) {
        BlobRef ref = described(key, seal);
        Optional<ByteRange.Span> span = range.resolve(ref.size());
        if (span.isEmpty()) {
            return InputStream.nullInputStream();
        }
        long offset = span.get().offset();
        long length = span.get().length();
        if (ref.compression() == Compression.NONE && !ref.encrypted()) {
            return BlobStreams.limited(openStored(ref, offset, length), length);
        }
        InputStream decoded = null;
        try {
            decoded = BlobStreams.decoded(openStored(ref, 0, ref.storedSize()), ref, seal);
            decoded.skipNBytes(offset);
            return BlobStreams.limited(decoded, length);
        } catch (EOFException e) {
            closeQuietly(decoded);
            throw new BlobCorruptedException("Blob " + key + " ends before byte " + offset + " of its " + ref.size(), e);
        } catch (IOException e) {
            closeQuietly(decoded);
            throw unavailable("reading " + key, e);
        }
    }

    /** The blob under {@code key}, checked to be readable with {@code seal}. */
    private BlobRef described(String key, BlobSeal seal) {
        BlobRef ref = head(key).orElseThrow(() -> new BlobNotFoundException(key));
        if (ref.encrypted() && !seal.encrypts()) {
            throw new IllegalStateException("Blob " + key + " is encrypted: it is read through its owner ("
                    + "DocumentBlobs), which knows its key");
        }
        if (!ref.encrypted() && seal.encrypts()) {
            throw new BlobCorruptedException("Blob " + key + " is stored unencrypted where it must be encrypted: it was "
                    + "replaced at rest");
        }
        return ref;
    }

    /**
     * Reads a stored blob to its end through the same path as {@link #get(String, BlobSeal)}: for adapters that check
     * what they wrote before it becomes visible.
     *
     * @throws BlobCorruptedException if it does not match {@code ref}
     */
    protected static void verify(InputStream stored, BlobRef ref, BlobSeal seal) throws IOException {
        try (InputStream content = BlobStreams.verified(stored, ref, seal)) {
            content.transferTo(OutputStream.nullOutputStream());
        }
    }

    /**
     * A lazy stream whose elements come from a store that may fail while it is iterated: failures are translated as
     * they happen, and closing it closes {@code source}.
     */
    protected static <T> Stream<T> translatingFailures(Stream<T> source,
                                                       Function<RuntimeException, RuntimeException> translation) {
        Iterator<T> elements = source.iterator();
        Iterator<T> guarded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return elements.hasNext();
                } catch (RuntimeException e) {
                    throw translation.apply(e);
                }
            }

            @Override
            public T next() {
                try {
                    return elements.next();
                } catch (RuntimeException e) {
                    throw translation.apply(e);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(guarded, Spliterator.ORDERED), false)
                .onClose(source::close);
    }

    private static void closeQuietly(InputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException | UncheckedIOException ignored) {
                // the first failure is the one reported
            }
        }
    }

    /** A fresh, not yet existing file to stage one put in. */
    protected abstract Path stagingFile();

    /** Bytes reserved at the start of the staging file for the adapter's own header. */
    protected int headerSize() {
        return 0;
    }

    /** Writes the staged blob under {@code staged.ref().key()}, verifies it, and only then makes it visible. */
    protected abstract void store(StagedContent staged);

    /**
     * Marks an existing blob as just written, so a garbage collector's grace period starts again.
     *
     * @return {@code false} if the blob has gone meanwhile (then it is stored anew)
     */
    protected abstract boolean touch(BlobRef ref);

    /** {@code length} stored bytes of the blob from {@code offset}, a position in its stored (encoded) bytes. */
    protected abstract InputStream openStored(BlobRef ref, long offset, long length);

    /** The adapter's exception for a failed I/O operation on its storage. */
    protected abstract BlobStoreUnavailableException unavailable(String operation, Exception cause);
}
