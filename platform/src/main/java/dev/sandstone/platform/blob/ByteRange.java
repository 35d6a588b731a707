package dev.sandstone.platform.blob;

import java.util.Optional;

/**
 * A range of a blob's uncompressed content, in the three forms HTTP {@code Range: bytes=…} has: closed
 * ({@code a-b}), open ({@code a-}) and suffix ({@code -n}, the last n bytes). Only {@link #resolve} against the
 * content's size says which bytes that is.
 */
public sealed interface ByteRange {

    /** {@code length} bytes starting at {@code offset}. */
    static ByteRange of(long offset, long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("A range needs a positive length: " + length);
        }
        return new Closed(offset, Math.addExact(offset, length - 1));
    }

    /** From {@code offset} to the end. */
    static ByteRange from(long offset) {
        return new From(offset);
    }

    /** The last {@code count} bytes (all of them if the content is shorter). */
    static ByteRange last(long count) {
        return new Suffix(count);
    }

    /** The bytes this range selects from content of {@code size} bytes; empty if none (HTTP: 416). */
    Optional<Span> resolve(long size);

    /** A resolved range: {@code length > 0} bytes starting at {@code offset}. */
    record Span(long offset, long length) {
        public Span {
            if (offset < 0 || length <= 0) {
                throw new IllegalArgumentException("Invalid span: offset " + offset + ", length " + length);
            }
        }

        /** The last byte's position, as HTTP {@code Content-Range} writes it. */
        public long last() {
            return offset + length - 1;
        }
    }

    /** Bytes {@code first} to {@code last}, both included. */
    record Closed(long first, long last) implements ByteRange {
        public Closed {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("Invalid range " + first + "-" + last);
            }
        }

        @Override
        public Optional<Span> resolve(long size) {
            return first >= size ? Optional.empty() : Optional.of(new Span(first, Math.min(last, size - 1) - first + 1));
        }
    }

    /** Bytes {@code first} to the end. */
    record From(long first) implements ByteRange {
        public From {
            if (first < 0) {
                throw new IllegalArgumentException("Invalid range start " + first);
            }
        }

        @Override
        public Optional<Span> resolve(long size) {
            return first >= size ? Optional.empty() : Optional.of(new Span(first, size - first));
        }
    }

    /** The last {@code count} bytes. */
    record Suffix(long count) implements ByteRange {
        public Suffix {
            if (count <= 0) {
                throw new IllegalArgumentException("A suffix range needs a positive length: " + count);
            }
        }

        @Override
        public Optional<Span> resolve(long size) {
            long length = Math.min(count, size);
            return length == 0 ? Optional.empty() : Optional.of(new Span(size - length, length));
        }
    }
}
