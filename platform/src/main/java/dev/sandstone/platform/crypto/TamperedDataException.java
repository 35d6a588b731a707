package dev.sandstone.platform.crypto;

/**
 * Encrypted data (or a wrapped data key) failed its authentication tag: it was altered, moved to another field or
 * event, or read with the wrong key. Never read as "erased": erased data has no key at all.
 */
public class TamperedDataException extends RuntimeException {

    public TamperedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
