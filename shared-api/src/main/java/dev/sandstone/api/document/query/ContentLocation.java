package dev.sandstone.api.document.query;

import dev.sandstone.api.document.ChunkRef;
import java.util.List;

/**
 * Where a content is: inline (small documents) or as chunks in the blob store (large ones), with its size in UTF-8
 * bytes and its SHA-256 (hex; null for inline content, which is hashed when served).
 *
 * @param publishedObject whether {@code chunks} is the single whole object a published version is stored as, rather
 *                        than chunks of the content (the blob store keeps the two apart)
 */
public record ContentLocation(String inline, List<ChunkRef> chunks, long size, String sha256,
                              boolean publishedObject) {

    /** Inline content, or the chunks of a stored content. */
    public ContentLocation(String inline, List<ChunkRef> chunks, long size, String sha256) {
        this(inline, chunks, size, sha256, false);
    }

    public boolean stored() {
        return chunks != null;
    }
}
