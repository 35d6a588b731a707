package dev.sandstone.platform.blob;

import java.util.Objects;

/**
 * One stored blob: what a claim check carries to find and check its content.
 *
 * @param key         where it is stored ({@code sha256/ab/cd/abcd…}, see {@link BlobKeys})
 * @param size        length of the content in bytes, uncompressed
 * @param sha256      SHA-256 of the uncompressed content, 64 lowercase hexadecimal digits
 * @param compression how the stored bytes are encoded
 * @param storedSize  length of the stored bytes (after compression)
 */
public record BlobRef(String key, long size, String sha256, Compression compression, long storedSize) {

    public BlobRef {
        BlobKeys.requireValid(key);
        if (!BlobKeys.isSha256Hex(sha256)) {
            throw new IllegalArgumentException("Not a SHA-256 in lowercase hexadecimal: " + sha256);
        }
        Objects.requireNonNull(compression, "compression");
        if (size < 0 || storedSize < 0) {
            throw new IllegalArgumentException("Negative size: " + size + ", stored " + storedSize);
        }
    }

    /** Whether {@code other} describes the same content (its key, size and hash; not how it is stored). */
    public boolean sameContentAs(BlobRef other) {
        return key.equals(other.key) && size == other.size && sha256.equals(other.sha256);
    }
}
