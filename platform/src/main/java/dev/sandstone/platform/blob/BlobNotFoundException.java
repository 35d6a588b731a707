package dev.sandstone.platform.blob;

/**
 * Nothing is stored under a key that was read. A blob referred to by an event and missing is our fault, not the
 * client's: the web layer leaves this a 500.
 */
public class BlobNotFoundException extends RuntimeException {

    private final String key;

    public BlobNotFoundException(String key) {
        super("No blob is stored under " + key, null, false, false);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
