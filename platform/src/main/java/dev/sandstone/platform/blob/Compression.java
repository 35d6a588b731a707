package dev.sandstone.platform.blob;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How a blob's bytes are encoded at rest ({@code sandstone.blobs.compression} chooses it for new blobs). */
public enum Compression {

    /** Stored as is: byte ranges are read directly from the store. */
    NONE {
        @Override
        public OutputStream encoder(OutputStream stored) {
            return new BufferedOutputStream(stored, BUFFER);
        }

        @Override
        public InputStream decoder(InputStream stored) {
            return new BufferedInputStream(stored, BUFFER);
        }
    },

    /** gzip (JDK): about 4:1 on prose, no extra library. */
    GZIP {
        @Override
        public OutputStream encoder(OutputStream stored) throws IOException {
            return new GZIPOutputStream(stored, BUFFER);
        }

        @Override
        public InputStream decoder(InputStream stored) throws IOException {
            return new GZIPInputStream(stored, BUFFER);
        }
    },

    /** Zstandard (zstd-jni, level 3): similar ratio to gzip at several times its speed. */
    ZSTD {
        @Override
        public OutputStream encoder(OutputStream stored) throws IOException {
            return new BufferedOutputStream(new ZstdOutputStream(stored, 3), BUFFER);
        }

        @Override
        public InputStream decoder(InputStream stored) throws IOException {
            return new BufferedInputStream(new ZstdInputStream(stored), BUFFER);
        }
    };

    private static final int BUFFER = 64 * 1024;

    /** Wraps the stored bytes' stream; closing the encoder finishes the encoding and closes {@code stored}. */
    public abstract OutputStream encoder(OutputStream stored) throws IOException;

    /** Decodes stored bytes; closing it closes {@code stored}. */
    public abstract InputStream decoder(InputStream stored) throws IOException;

    /** The name recorded with each blob and used in configuration: {@code none}, {@code gzip}, {@code zstd}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Compression fromId(String id) {
        for (Compression compression : values()) {
            if (compression.id().equals(id)) {
                return compression;
            }
        }
        throw new IllegalArgumentException("Unknown compression: " + id);
    }
}
