package dev.sandstone.platform.blob;

import java.util.Objects;

/**
 * One stored blob: what a claim check carries to find and check its content.
 *
 * @param key         where it is stored; its last segment is always {@code sha256} ({@code sha256/ab/cd/abcd…} or
 *                    {@code documents/…/abcd…}, see {@link BlobKeys} and {@link DocumentBlobs})
 * @param size        length of the content in bytes, uncompressed
 * @param sha256      SHA-256 of the uncompressed content, 64 lowercase hexadecimal digits
 * @param compression how the content is encoded before it is stored (and, if so, encrypted)
 * @param storedSize  length of the stored bytes (after compression and encryption)
 * @param encrypted   whether the stored bytes are encrypted (compressed first, then encrypted, see {@link BlobSeal})
 */
public record BlobRef(String key, long size, String sha256, Compression compression, long storedSize,
                      boolean encrypted) {

    public BlobRef {
        BlobKeys.requireValid(key);
        if (!BlobKeys.isSha256Hex(sha256)) {
            throw new IllegalArgumentException("Not a SHA-256 in lowercase hexadecimal: " + sha256);
        }
        if (!BlobKeys.lastSegment(key).equals(sha256)) {
            throw new IllegalArgumentException("Blob key " + key + " does not end with its SHA-256 " + sha256);
        }
        Objects.requireNonNull(compression, "compression");
        if (size < 0 || storedSize < 0) {
            throw new IllegalArgumentException("Negative size: " + size + ", stored " + storedSize);
        }
    }

    /** A blob stored unencrypted. */
    public BlobRef(String key, long size, String sha256, Compression compression, long storedSize) {
        this(key, size, sha256, compression, storedSize, false);
    }

    /** Whether {@code other} describes the same content (its key, size and hash; not how it is stored). */
    public boolean sameContentAs(BlobRef other) {
        return key.equals(other.key) && size == other.size && sha256.equals(other.sha256);
    }
}
