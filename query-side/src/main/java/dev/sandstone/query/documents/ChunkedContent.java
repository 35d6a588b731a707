package dev.sandstone.query.documents;

import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.platform.blob.BlobKeys;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.blob.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.core.io.AbstractResource;

/**
 * A large document's content as one resource over its chunks, read lazily: skipping (which is how byte ranges are
 * served) passes over whole chunks without reading them, and reads only the chunks a range touches.
 */
public final class ChunkedContent extends AbstractResource {

    private final BlobStore blobs;
    private final List<ChunkRef> chunks;
    private final long size;

    public ChunkedContent(BlobStore blobs, List<ChunkRef> chunks, long size) {
        this.blobs = blobs;
        this.chunks = chunks;
        this.size = size;
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
        return "content in " + chunks.size() + " chunks, " + size + " bytes";
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
        return new ChunkStream();
    }

    private final class ChunkStream extends InputStream {

        private int index;
        private long offsetInChunk;
        private InputStream current;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (index < chunks.size()) {
                if (current == null) {
                    ChunkRef chunk = chunks.get(index);
                    String key = BlobKeys.forSha256(chunk.sha256());
                    current = offsetInChunk == 0 ? blobs.get(key) : blobs.get(key, ByteRange.from(offsetInChunk));
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
