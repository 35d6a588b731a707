package dev.sandstone.command.document;

import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.api.document.StoredContent;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.platform.blob.BlobRef;
import dev.sandstone.platform.blob.DocumentBlobs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The claim check: content up to the inline threshold travels in the command; larger content is cut into chunks by
 * its own bytes (content-defined chunking, so an edit moves few chunk boundaries), each chunk is written to the blob
 * store and verified, and only then does a command refer to them. Chunks end on UTF-8 character boundaries and are
 * checked to be well-formed UTF-8 without NUL characters, like inline content. Chunks go to the document's own key
 * space, encrypted under the document's key ({@link DocumentBlobs}): a chunk the document has already is not written
 * again, so a small edit writes one or two.
 */
public class ContentUploads {

    /** Smallest chunk, except the last. */
    static final int MIN_CHUNK = 64 * 1024;
    /** Largest chunk before a boundary is forced (plus at most three continuation bytes of one character). */
    static final int MAX_CHUNK = 1024 * 1024;
    /** A boundary where the rolling hash has 18 low zero bits: chunks of about 256 KiB on average. */
    private static final long BOUNDARY_MASK = (1L << 18) - 1;
    private static final long[] GEAR = gear();

    /** What the command will carry. */
    public sealed interface Upload permits Inline, Stored {
    }

    public record Inline(String content) implements Upload {
    }

    public record Stored(StoredContent content) implements Upload {
    }

    private final DocumentBlobs blobs;
    private final long inlineMaxBytes;
    private final long maxContentBytes;

    public ContentUploads(DocumentBlobs blobs, long inlineMaxBytes, long maxContentBytes) {
        this.blobs = blobs;
        this.inlineMaxBytes = inlineMaxBytes;
        this.maxContentBytes = maxContentBytes;
    }

    /** Content of a document given as a string (the JSON API): inline when small, stored otherwise. */
    public Upload of(String documentId, String content) {
        if (content == null || DocumentRules.utf8Length(content) <= inlineMaxBytes) {
            return new Inline(content);
        }
        DocumentRules.requireWellFormed("content", content);
        return new Stored(store(documentId, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * A streamed body of UTF-8 text for a document: read to its end, inline when small, stored chunk by chunk
     * otherwise.
     */
    public Upload read(String documentId, InputStream body) {
        try {
            byte[] head = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, inlineMaxBytes + 1));
            if (head.length <= inlineMaxBytes) {
                return new Inline(decode(head, head.length, 0));
            }
            return new Stored(store(documentId, new java.io.SequenceInputStream(new ByteArrayInputStream(head),
                    body)));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the uploaded content failed", e);
        }
    }

    private StoredContent store(String documentId, InputStream in) {
        MessageDigest whole = ContentHashes.digest();
        Cut cut = cut(documentId, in, whole, 0);
        return new StoredContent(cut.chunks(), cut.bytes(), HexFormat.of().formatHex(whole.digest()));
    }

    /**
     * Replaces the bytes {@code [start, end)} of a stored content with {@code text}. Only the chunks the range
     * touches (and the one after them, so the cut finds the old boundaries again instead of leaving a small piece) are
     * read and cut again; the chunks before and after are kept as they are, so an edit writes one or two chunks.
     * Every other chunk is read once more, to compute the new content's SHA-256. Content that ends up within the
     * inline threshold becomes inline again.
     */
    public Upload replaceRange(String documentId, List<ChunkRef> chunks, long start, long end, String text) {
        long size = 0;
        long[] offsets = new long[chunks.size() + 1];
        for (int i = 0; i < chunks.size(); i++) {
            offsets[i] = size;
            size += chunks.get(i).size();
        }
        offsets[chunks.size()] = size;
        byte[] insert = requireRange(start, end, size, text);
        long newSize = size - (end - start) + insert.length;
        if (newSize > maxContentBytes) {
            throw DomainException.tooLarge("text", "the content would be " + newSize + " bytes; the limit is "
                    + maxContentBytes + " bytes");
        }
        int first = chunkAt(offsets, Math.min(start, Math.max(0, size - 1)));
        int last = end > start ? chunkAt(offsets, end - 1) : first;
        last = Math.min(chunks.size() - 1, last + 1);
        byte[] region = read(documentId, chunks.subList(first, last + 1), offsets[last + 1] - offsets[first]);
        int from = (int) (start - offsets[first]);
        int to = (int) (end - offsets[first]);
        requireBoundary(region, from, "start", start);
        requireBoundary(region, to, "end", end);
        byte[] replaced = new byte[region.length - (to - from) + insert.length];
        System.arraycopy(region, 0, replaced, 0, from);
        System.arraycopy(insert, 0, replaced, from, insert.length);
        System.arraycopy(region, to, replaced, from + insert.length, region.length - to);

        if (newSize <= inlineMaxBytes) {
            ByteArrayOutputStream all = new ByteArrayOutputStream((int) newSize);
            copy(documentId, chunks.subList(0, first), all);
            all.writeBytes(replaced);
            copy(documentId, chunks.subList(last + 1, chunks.size()), all);
            byte[] bytes = all.toByteArray();
            return new Inline(decode(bytes, bytes.length, 0));
        }
        MessageDigest whole = ContentHashes.digest();
        digest(documentId, chunks.subList(0, first), whole);
        Cut cut = cut(documentId, new ByteArrayInputStream(replaced), whole, offsets[first]);
        digest(documentId, chunks.subList(last + 1, chunks.size()), whole);
        List<ChunkRef> result = new ArrayList<>(chunks.size() + cut.chunks().size());
        result.addAll(chunks.subList(0, first));
        result.addAll(cut.chunks());
        result.addAll(chunks.subList(last + 1, chunks.size()));
        return new Stored(new StoredContent(result, newSize, HexFormat.of().formatHex(whole.digest())));
    }

    /**
     * The same replacement on inline content: {@code [start, end)} are byte offsets into its UTF-8 encoding, as for
     * stored content, so a client addresses both kinds alike.
     */
    public Upload replaceRange(String documentId, String content, long start, long end, String text) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        byte[] insert = requireRange(start, end, bytes.length, text);
        requireBoundary(bytes, (int) start, "start", start);
        requireBoundary(bytes, (int) end, "end", end);
        String next = new String(bytes, 0, (int) start, StandardCharsets.UTF_8) + text
                + new String(bytes, (int) end, bytes.length - (int) end, StandardCharsets.UTF_8);
        return of(documentId, next);
    }

    private static byte[] requireRange(long start, long end, long size, String text) {
        if (text == null) {
            throw DomainException.invalid("text", "text is required (it may be empty)");
        }
        if (start < 0 || end < start || end > size) {
            throw DomainException.invalid("start", "the range " + start + "-" + end + " is not within the content, "
                    + "which has " + size + " bytes: 0 <= start <= end <= " + size + " is required");
        }
        if (text.indexOf('\0') >= 0) {
            throw DomainException.invalid("text", "text must not contain the NUL character (U+0000)");
        }
        DocumentRules.requireWellFormed("text", text);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A range must not cut a character: the byte at an offset (if any) must begin one. */
    private static void requireBoundary(byte[] bytes, int index, String field, long offset) {
        if (index < bytes.length && (bytes[index] & 0xC0) == 0x80) {
            throw DomainException.invalid(field, field + " " + offset + " falls inside a UTF-8 character; a range "
                    + "starts and ends on character boundaries");
        }
    }

    /** The index of the chunk holding byte {@code offset}. */
    private static int chunkAt(long[] offsets, long offset) {
        int index = java.util.Arrays.binarySearch(offsets, 0, offsets.length - 1, offset);
        return index >= 0 ? index : -index - 2;
    }

    private byte[] read(String documentId, List<ChunkRef> chunks, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
        copy(documentId, chunks, out);
        return out.toByteArray();
    }

    private void copy(String documentId, List<ChunkRef> chunks, java.io.OutputStream out) {
        for (ChunkRef chunk : chunks) {
            try (InputStream in = blobs.open(documentId, DocumentBlobs.Kind.CHUNK, chunk.sha256())) {
                in.transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException("Reading chunk " + chunk.sha256() + " failed", e);
            }
        }
    }

    private void digest(String documentId, List<ChunkRef> chunks, MessageDigest digest) {
        copy(documentId, chunks, new java.io.OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }
        });
    }

    /** The chunks a content was cut into, and its length. */
    private record Cut(List<ChunkRef> chunks, long bytes) {
    }

    /**
     * Cuts {@code in} into chunks by its own bytes and stores each; {@code whole} sees every byte, {@code base} is
     * where {@code in} starts in the content (for error messages).
     */
    private Cut cut(String documentId, InputStream in, MessageDigest whole, long base) {
        List<ChunkRef> chunks = new ArrayList<>();
        byte[] chunk = new byte[MAX_CHUNK + 4];
        byte[] block = new byte[64 * 1024];
        int length = 0;
        long total = 0;
        long hash = 0;
        boolean boundaryDue = false;
        try {
            for (int read = in.read(block); read >= 0; read = in.read(block)) {
                for (int i = 0; i < read; i++) {
                    int b = block[i] & 0xff;
                    if (boundaryDue && (b & 0xC0) != 0x80) {
                        chunks.add(put(documentId, chunk, length, base + total - length));
                        length = 0;
                        hash = 0;
                        boundaryDue = false;
                    }
                    chunk[length++] = (byte) b;
                    hash = (hash << 1) + GEAR[b];
                    boundaryDue = boundaryDue || length >= MAX_CHUNK
                            || (length >= MIN_CHUNK && (hash & BOUNDARY_MASK) == 0);
                    total++;
                }
                if (base + total > maxContentBytes) {
                    throw DomainException.tooLarge("content", "content is more than " + maxContentBytes
                            + " bytes; the limit is " + maxContentBytes + " bytes");
                }
                whole.update(block, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the uploaded content failed", e);
        }
        if (length > 0 || chunks.isEmpty()) {
            chunks.add(put(documentId, chunk, length, base + total - length));
        }
        return new Cut(chunks, total);
    }

    /** Checks a chunk as text, then writes it; the blob store verifies what it wrote before answering. */
    private ChunkRef put(String documentId, byte[] chunk, int length, long offset) {
        decode(chunk, length, offset);
        BlobRef ref = blobs.putChunk(documentId, chunk, 0, length);
        return new ChunkRef(ref.sha256(), ref.size(), ref.compression().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String decode(byte[] bytes, int length, long offset) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == 0) {
                throw DomainException.invalid("content", "content must not contain the NUL character (U+0000); "
                        + "found one at byte " + (offset + i));
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw DomainException.invalid("content", "content must be UTF-8 text; the bytes after byte " + offset
                    + " are not");
        }
    }

    /** A fixed table of random 64-bit values for the rolling (gear) hash; fixed, so boundaries are reproducible. */
    private static long[] gear() {
        SplittableRandom random = new SplittableRandom(0x5A4D5701E5L);
        long[] table = new long[256];
        for (int i = 0; i < table.length; i++) {
            table[i] = random.nextLong();
        }
        return table;
    }
}
