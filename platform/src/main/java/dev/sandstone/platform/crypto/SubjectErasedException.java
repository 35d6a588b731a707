package dev.sandstone.platform.crypto;

/**
 * Data encrypted under a data key that has been destroyed: its subject was erased (crypto-shredding), so the data
 * can never be read again. Where a stored value has a placeholder for erased data (event fields), readers get that
 * placeholder instead; where it has none (blob contents), they get this.
 */
public class SubjectErasedException extends RuntimeException {

    public SubjectErasedException(String message) {
        super(message);
    }
}
