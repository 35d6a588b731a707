package dev.sandstone.command.document;

import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.api.document.StoredContent;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.platform.blob.BlobRef;
import dev.sandstone.platform.blob.DocumentBlobs;
import java.io.ByteArrayInputStream;
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
                        chunks.add(put(documentId, chunk, length, total - length));
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
                if (total > maxContentBytes) {
                    throw DomainException.tooLarge("content", "content is more than " + maxContentBytes
                            + " bytes; the limit is " + maxContentBytes + " bytes");
                }
                whole.update(block, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the uploaded content failed", e);
        }
        if (length > 0 || chunks.isEmpty()) {
            chunks.add(put(documentId, chunk, length, total - length));
        }
        return new StoredContent(chunks, total, HexFormat.of().formatHex(whole.digest()));
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
