package dev.sandstone.platform.blob;

/**
 * Stored bytes no longer match their blob's size or SHA-256 (changed or truncated at rest, or garbled in transit):
 * the reader gets this error instead of wrong content.
 */
public class BlobCorruptedException extends RuntimeException {

    public BlobCorruptedException(String message) {
        super(message);
    }

    public BlobCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
