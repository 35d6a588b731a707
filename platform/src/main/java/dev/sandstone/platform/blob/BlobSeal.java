package dev.sandstone.platform.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * How a blob's stored bytes are encrypted at rest: after compression on the way in ({@link #seal}), before
 * decompression on the way out ({@link #open}). An encrypting seal belongs to one blob (it binds the bytes to that
 * blob's identity and owner), so reading takes the same seal as writing. {@link #NONE} stores bytes as they are.
 */
public interface BlobSeal {

    /** No encryption: the stored bytes are the (compressed) content. */
    BlobSeal NONE = new BlobSeal() {
        @Override
        public boolean encrypts() {
            return false;
        }

        @Override
        public OutputStream seal(OutputStream stored) {
            return stored;
        }

        @Override
        public InputStream open(InputStream stored) {
            return stored;
        }

        @Override
        public String toString() {
            return "unencrypted";
        }
    };

    boolean encrypts();

    /** Wraps the stream the stored bytes go to; closing it finishes the encryption and closes {@code stored}. */
    OutputStream seal(OutputStream stored) throws IOException;

    /**
     * Decrypts stored bytes read from their start; closing it closes {@code stored}. Bytes that fail authentication
     * fail here or in {@code read}, never come out as content.
     */
    InputStream open(InputStream stored) throws IOException;
}
