package dev.sandstone.api.document;

/**
 * One chunk of a large document's content in the blob store, addressed by the SHA-256 of its bytes.
 *
 * @param sha256      hex SHA-256 of the chunk's (uncompressed) UTF-8 bytes; the blob key is derived from it
 * @param size        the chunk's length in bytes, uncompressed
 * @param compression how the blob store keeps it ({@code gzip}, {@code zstd} or {@code none}); informational,
 *                    since every blob records its own encoding
 */
public record ChunkRef(String sha256, long size, String compression) {
}
