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

    private StagedContent stage(InputStream content, long length) {
        Path file = stagingFile();
        try {
            return StagedContent.write(content, length, compression, file, headerSize());
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
        BlobRef ref = head(key).orElseThrow(() -> new BlobNotFoundException(key));
        InputStream stored = openStored(ref, 0, ref.storedSize());
        try {
            return BlobStreams.verified(stored, ref);
        } catch (IOException e) {
            throw unavailable("reading " + key, e);
        }
    }

    @Override
    public final InputStream get(String key, ByteRange range) {
        BlobRef ref = head(key).orElseThrow(() -> new BlobNotFoundException(key));
        Optional<ByteRange.Span> span = range.resolve(ref.size());
        if (span.isEmpty()) {
            return InputStream.nullInputStream();
        }
        long offset = span.get().offset();
        long length = span.get().length();
        if (ref.compression() == Compression.NONE) {
            return BlobStreams.limited(openStored(ref, offset, length), length);
        }
        InputStream decoded = null;
        try {
            decoded = BlobStreams.decoded(openStored(ref, 0, ref.storedSize()), ref);
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

    /**
     * Reads a stored blob to its end through the same path as {@link #get(String)}: for adapters that check what they
     * wrote before it becomes visible.
     *
     * @throws BlobCorruptedException if it does not match {@code ref}
     */
    protected static void verify(InputStream stored, BlobRef ref) throws IOException {
        try (InputStream content = BlobStreams.verified(stored, ref)) {
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
