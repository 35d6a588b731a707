package dev.sandstone.api.document;

import java.util.List;

/**
 * Content kept in the blob store (the claim check): the chunks in order, written and verified before any command
 * refers to them.
 *
 * @param size   the whole content's length in UTF-8 bytes (the sum of the chunk sizes)
 * @param sha256 hex SHA-256 of the whole content's UTF-8 bytes
 */
public record StoredContent(List<ChunkRef> chunks, long size, String sha256) {

    public StoredContent {
        chunks = List.copyOf(chunks);
    }
}
