package dev.sandstone.platform.blob;

import com.github.luben.zstd.ZstdIOException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipException;

/** Streams the adapters share: decoding stored bytes, checking them against their {@link BlobRef}, cutting ranges. */
final class BlobStreams {

    private BlobStreams() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    static byte[] sha256Of(byte[] bytes, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(bytes, offset, length);
        return digest.digest();
    }

    /**
     * Decodes a blob's stored bytes: opens them with {@code seal} if the blob is encrypted, then decompresses. Bytes the
     * decoder cannot make sense of (a damaged gzip or zstd stream, or one that ends early) throw
     * {@link BlobCorruptedException}, not an I/O error; bytes that fail decryption throw what the seal throws.
     */
    static InputStream decoded(InputStream stored, BlobRef ref, BlobSeal seal) throws IOException {
        try {
            return new CorruptionAware(ref.compression().decoder(ref.encrypted() ? seal.open(stored) : stored), ref);
        } catch (IOException | RuntimeException e) {
            try {
                stored.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof ZipException || e instanceof EOFException || e instanceof ZstdIOException) {
                throw corrupted(ref, (IOException) e);
            }
            throw e;
        }
    }

    /**
     * The decoded content that checks it has exactly the blob's size and SHA-256: with the read that delivers its
     * last byte, or at its end if that comes early.
     */
    static InputStream verified(InputStream stored, BlobRef ref, BlobSeal seal) throws IOException {
        return new Verifying(decoded(stored, ref, seal), ref);
    }

    /** At most {@code length} bytes of {@code in}; closing it closes {@code in}. */
    static InputStream limited(InputStream in, long length) {
        return new Limited(in, length);
    }

    private static BlobCorruptedException corrupted(BlobRef ref, IOException cause) {
        return new BlobCorruptedException("Blob " + ref.key() + " cannot be decoded as " + ref.compression().id()
                + ": " + cause.getMessage(), cause);
    }

    private static final class CorruptionAware extends FilterInputStream {

        private final BlobRef ref;

        CorruptionAware(InputStream in, BlobRef ref) {
            super(in);
            this.ref = ref;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ZipException | EOFException | ZstdIOException e) {
                throw corrupted(ref, e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (ZipException | EOFException | ZstdIOException e) {
                throw corrupted(ref, e);
            }
        }

        @Override
        public long skip(long count) throws IOException {
            try {
                return super.skip(count);
            } catch (ZipException | EOFException | ZstdIOException e) {
                throw corrupted(ref, e);
            }
        }
    }

    private static final class Verifying extends FilterInputStream {

        private final BlobRef ref;
        private final MessageDigest digest = sha256();
        private long count;
        private boolean verified;

        Verifying(InputStream in, BlobRef ref) {
            super(in);
            this.ref = ref;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read < 0) {
                verify();
                return -1;
            }
            digest.update(buffer, offset, read);
            count += read;
            if (count > ref.size()) {
                throw new BlobCorruptedException("Blob " + ref.key() + " holds more than its " + ref.size() + " bytes");
            }
            if (count == ref.size()) {
                // a reader that stops after the last byte it expects, without reading the end, is checked too
                verify();
            }
            return read;
        }

        /** Skipped bytes are read, so that they are hashed too. */
        @Override
        public long skip(long count) throws IOException {
            byte[] buffer = new byte[(int) Math.min(count, 8192)];
            long skipped = 0;
            while (skipped < count) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, count - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void verify() {
            if (verified) {
                return;
            }
            if (count != ref.size()) {
                throw new BlobCorruptedException("Blob " + ref.key() + " ends after " + count + " of its "
                        + ref.size() + " bytes");
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(ref.sha256())) {
                throw new BlobCorruptedException("Blob " + ref.key() + " does not match its SHA-256 (read " + actual
                        + ")");
            }
            verified = true;
        }
    }

    private static final class Limited extends FilterInputStream {

        private long remaining;

        Limited(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = super.read();
            if (read >= 0) {
                remaining--;
            }
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        @Override
        public long skip(long count) throws IOException {
            long skipped = super.skip(Math.min(count, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
