package dev.sandstone.query.documents;

import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.api.document.query.ContentLocation;
import dev.sandstone.platform.blob.ByteRange;
import dev.sandstone.platform.blob.DocumentBlobs;
import dev.sandstone.platform.blob.DocumentBlobs.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.core.io.AbstractResource;

/**
 * A large document's content as one resource over its chunks (or over the one object of a published version), read
 * lazily from the document's encrypted blobs: skipping (which is how byte ranges are served) passes over whole chunks
 * without reading them, and reads only the chunks a range touches.
 * <p>
 * Opening the stream opens its first blob at once, so content that cannot be read at all (its document's key was
 * destroyed, its blob is missing) fails before an HTTP response is committed, with a proper error status.
 */
public final class ChunkedContent extends AbstractResource {

    private final DocumentBlobs blobs;
    private final String documentId;
    private final Kind kind;
    private final List<ChunkRef> chunks;
    private final long size;

    /** The content of a document made of {@code chunks}. */
    public ChunkedContent(DocumentBlobs blobs, String documentId, List<ChunkRef> chunks, long size) {
        this(blobs, documentId, Kind.CHUNK, chunks, size);
    }

    private ChunkedContent(DocumentBlobs blobs, String documentId, Kind kind, List<ChunkRef> chunks, long size) {
        this.blobs = blobs;
        this.documentId = documentId;
        this.kind = kind;
        this.chunks = chunks;
        this.size = size;
    }

    /** What a content location says is stored: chunks of a content, or a published version's whole object. */
    public static ChunkedContent of(DocumentBlobs blobs, String documentId, ContentLocation location) {
        return new ChunkedContent(blobs, documentId, location.publishedObject() ? Kind.PUBLISHED : Kind.CHUNK,
                location.chunks(), location.size());
    }

    /** The text of the first {@code maxBytes} bytes at most, cut before a character split by the limit. */
    public String prefixText(int maxBytes) {
        try (InputStream in = getInputStream()) {
            byte[] bytes = in.readNBytes(maxBytes);
            int end = bytes.length;
            if (end == maxBytes && end < size) {
                while (end > 0 && (bytes[end - 1] & 0xC0) == 0x80) {
                    end--;
                }
                if (end > 0 && (bytes[end - 1] & 0x80) != 0) {
                    end--;
                }
            }
            return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Reading stored content failed", e);
        }
    }

    @Override
    public String getDescription() {
        return "content in " + chunks.size() + " " + kind.segment() + " of document " + documentId + ", " + size
                + " bytes";
    }

    @Override
    public long contentLength() {
        return size;
    }

    @Override
    public boolean exists() {
        return true;
    }

    @Override
    public InputStream getInputStream() {
        ChunkStream stream = new ChunkStream();
        stream.openFirst();
        return stream;
    }

    private final class ChunkStream extends InputStream {

        private int index;
        private long offsetInChunk;
        private InputStream current;
        /** Whether {@code current} is the first blob, opened whole before anything was read or skipped. */
        private boolean openedAhead;

        void openFirst() {
            if (!chunks.isEmpty()) {
                current = blobs.open(documentId, kind, chunks.get(0).sha256());
                openedAhead = true;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            openedAhead = false;
            while (index < chunks.size()) {
                if (current == null) {
                    String sha256 = chunks.get(index).sha256();
                    current = offsetInChunk == 0 ? blobs.open(documentId, kind, sha256)
                            : blobs.open(documentId, kind, sha256, ByteRange.from(offsetInChunk));
                }
                int read = current.read(buffer, offset, length);
                if (read >= 0) {
                    return read;
                }
                nextChunk();
            }
            return -1;
        }

        /** Passes over whole unread chunks without fetching them. */
        @Override
        public long skip(long n) throws IOException {
            if (openedAhead && n > 0) {
                // The first blob was opened only to fail early; a range may not need it, or need it from further on.
                current.close();
                current = null;
                openedAhead = false;
            }
            long skipped = 0;
            while (skipped < n && index < chunks.size()) {
                if (current != null) {
                    long done = current.skip(n - skipped);
                    if (done <= 0) {
                        nextChunk();
                    }
                    skipped += Math.max(0, done);
                    continue;
                }
                long left = chunks.get(index).size() - offsetInChunk;
                if (n - skipped >= left) {
                    skipped += left;
                    index++;
                    offsetInChunk = 0;
                } else {
                    offsetInChunk += n - skipped;
                    skipped = n;
                }
            }
            return skipped;
        }

        private void nextChunk() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
            index++;
            offsetInChunk = 0;
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
            }
        }
    }
}
