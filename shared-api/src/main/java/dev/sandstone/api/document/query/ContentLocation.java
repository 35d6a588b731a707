package dev.sandstone.api.document.query;

import dev.sandstone.api.document.ChunkRef;
import java.util.List;

/**
 * Where a content is: inline (small documents) or as chunks in the blob store (large ones), with its size in UTF-8
 * bytes and its SHA-256 (hex; null for inline content, which is hashed when served).
 */
public record ContentLocation(String inline, List<ChunkRef> chunks, long size, String sha256) {

    public boolean stored() {
        return chunks != null;
    }
}
