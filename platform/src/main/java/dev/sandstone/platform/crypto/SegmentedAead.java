package dev.sandstone.platform.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Streaming authenticated encryption of byte streams of any length under a data key, in bounded memory: the STREAM
 * construction of Hoang, Reyhanitabar, Rogaway and Vizár ("Online authenticated-encryption and its nonce-reuse
 * misuse-resistance", 2015) with AES-256-GCM, laid out like Tink's AES-GCM-HKDF streaming AEAD.
 *
 * <pre>
 * header   = magic "SSAEAD" 0x00 0x01 | segment size (int32) | key id length (1 byte) | key id (UTF-8)
 *            | salt (32 random bytes) | nonce prefix (7 random bytes)
 * segments = AES-256-GCM(blob key, nonce = prefix | segment index (uint32) | last flag (0 or 1), aad = header)
 *            of each {@value #SEGMENT_SIZE}-byte piece of plaintext, 16-byte tag each; the last may be shorter (or empty)
 * blob key = HKDF-SHA256(ikm = data key, salt, info = "sandstone-stream/1" 0x00 context)
 * </pre>
 *
 * <ul>
 *   <li>Every blob has its own key (random salt), so nonces never repeat under one key however many blobs a data key
 *       encrypts.</li>
 *   <li>The {@code context} (the caller's associated data: what the bytes are and whose) goes into that key: bytes
 *       read under another context, another data key or another document fail authentication.</li>
 *   <li>The segment index and the last-segment flag in each nonce make reordered, dropped, duplicated or truncated
 *       segments fail; the header (key id, segment size) is the associated data of every segment.</li>
 *   <li>A reader releases a segment's plaintext only after its tag was checked, holding one segment at a time. (The
 *       JDK's one-shot AES-GCM buffers a whole ciphertext until it can check its single tag, behind a
 *       {@code CipherInputStream} too; providers that stream release bytes before they are authenticated.)</li>
 * </ul>
 * The header names the data key only by its random id; a destroyed key makes every stream under it unreadable:
 * {@link SubjectErasedException}, never plaintext. Altered bytes fail with {@link TamperedDataException}.
 */
public final class SegmentedAead {

    /** Plaintext bytes per segment. */
    public static final int SEGMENT_SIZE = 64 * 1024;
    static final int TAG_BYTES = 16;
    private static final byte[] MAGIC = {'S', 'S', 'A', 'E', 'A', 'D', 0, 1};
    private static final int SALT_BYTES = 32;
    private static final int PREFIX_BYTES = 7;
    private static final int MIN_SEGMENT = 1024;
    private static final int MAX_SEGMENT = 16 * 1024 * 1024;
    private static final byte[] INFO_LABEL = "sandstone-stream/1\0".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Function<String, Optional<DataKey>> keysById;

    /** @param keysById the data key with an id, or empty once destroyed (e.g. {@link SubjectKeys#keyById}) */
    public SegmentedAead(Function<String, Optional<DataKey>> keysById) {
        this.keysById = keysById;
    }

    /** Whether {@code bytes} start like a stream this class wrote (the magic; nothing is authenticated by this). */
    public static boolean startsLikeCiphertext(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * Encrypts what is written to the returned stream into {@code out}, under {@code key} for {@code context}.
     * Closing it writes the last segment and closes {@code out}; a stream that is never closed is not readable.
     */
    public OutputStream encrypting(OutputStream out, DataKey key, String context) throws IOException {
        byte[] salt = random(SALT_BYTES);
        byte[] prefix = random(PREFIX_BYTES);
        byte[] header = header(key.id(), SEGMENT_SIZE, salt, prefix);
        out.write(header);
        return new Encrypting(out, blobKey(key.key(), salt, context), prefix, header);
    }

    /**
     * Decrypts a stream written by {@link #encrypting} for the same {@code context}. The header is read and the key
     * looked up at once; each segment is checked before its bytes are returned.
     *
     * @throws SubjectErasedException if the data key named in the header was destroyed
     * @throws TamperedDataException  (now or from {@code read}) if the bytes were altered, truncated, or written for
     *                                another context or key
     */
    public InputStream decrypting(InputStream in, String context) throws IOException {
        DataInputStream data = new DataInputStream(in);
        ByteArrayOutputStream header = new ByteArrayOutputStream(96);
        try {
            byte[] magic = data.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new TamperedDataException("Encrypted " + context + " is not in the encrypted format (no "
                        + "header): it was replaced or written unencrypted", null);
            }
            int segmentSize = data.readInt();
            if (segmentSize < MIN_SEGMENT || segmentSize > MAX_SEGMENT) {
                throw new TamperedDataException("Encrypted " + context + " has a damaged header", null);
            }
            byte[] keyId = data.readNBytes(data.readUnsignedByte());
            byte[] salt = data.readNBytes(SALT_BYTES);
            byte[] prefix = data.readNBytes(PREFIX_BYTES);
            if (prefix.length < PREFIX_BYTES) {
                throw new EOFException();
            }
            String id = new String(keyId, StandardCharsets.UTF_8);
            header.write(header(id, segmentSize, salt, prefix));
            DataKey key = keysById.apply(id).orElseThrow(() -> new SubjectErasedException("The key " + context
                    + " was encrypted under has been destroyed: its data subject was erased"));
            return new Decrypting(data, blobKey(key.key(), salt, context), prefix, header.toByteArray(), segmentSize,
                    context);
        } catch (EOFException e) {
            throw new TamperedDataException("Encrypted " + context + " ends inside its header", e);
        }
    }

    /** Stored length of {@code plaintextLength} bytes encrypted under a key with this id. */
    public static long ciphertextLength(String keyId, long plaintextLength) {
        long segments = Math.max(1, (plaintextLength + SEGMENT_SIZE - 1) / SEGMENT_SIZE);
        return headerLength(keyId) + plaintextLength + segments * TAG_BYTES;
    }

    static int headerLength(String keyId) {
        return MAGIC.length + 4 + 1 + keyId.getBytes(StandardCharsets.UTF_8).length + SALT_BYTES + PREFIX_BYTES;
    }

    private static byte[] header(String keyId, int segmentSize, byte[] salt, byte[] prefix) {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 255) {
            throw new IllegalArgumentException("Key id too long: " + keyId);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(headerLength(keyId));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(segmentSize);
            out.writeByte(id.length);
            out.write(id);
            out.write(salt);
            out.write(prefix);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    /** HKDF-SHA256 (RFC 5869) with one block of output: the AES-256 key of one blob. */
    static SecretKey blobKey(SecretKey dataKey, byte[] salt, String context) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] pseudoRandomKey = extract.doFinal(dataKey.getEncoded());
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            expand.update(INFO_LABEL);
            expand.update(context.getBytes(StandardCharsets.UTF_8));
            expand.update((byte) 1);
            return new SecretKeySpec(expand.doFinal(), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] nonce(byte[] prefix, long index, boolean last) {
        if (index > 0xFFFF_FFFFL) {
            throw new IllegalStateException("Stream too long: more than 2^32 segments");
        }
        return ByteBuffer.allocate(12).put(prefix).putInt((int) index).put((byte) (last ? 1 : 0)).array();
    }

    private static Cipher gcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static final class Encrypting extends FilterOutputStream {

        private final SecretKey key;
        private final byte[] prefix;
        private final byte[] header;
        private final Cipher cipher = gcm();
        private final byte[] segment = new byte[SEGMENT_SIZE];
        private final byte[] sealed = new byte[SEGMENT_SIZE + TAG_BYTES];
        private int length;
        private long index;
        private boolean closed;

        Encrypting(OutputStream out, SecretKey key, byte[] prefix, byte[] header) {
            super(out);
            this.key = key;
            this.prefix = prefix;
            this.header = header;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) throws IOException {
            if (closed) {
                throw new IOException("Stream closed");
            }
            while (count > 0) {
                if (length == SEGMENT_SIZE) {
                    // A full segment is written only once more bytes follow: the last one carries the last flag.
                    seal(false);
                }
                int taken = Math.min(count, SEGMENT_SIZE - length);
                System.arraycopy(bytes, offset, segment, length, taken);
                length += taken;
                offset += taken;
                count -= taken;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (OutputStream target = out) {
                seal(true);
                target.flush();
            }
        }

        private void seal(boolean last) throws IOException {
            int written;
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(prefix, index, last)));
                cipher.updateAAD(header);
                written = cipher.doFinal(segment, 0, length, sealed, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed to encrypt", e);
            }
            out.write(sealed, 0, written);
            index++;
            length = 0;
        }
    }

    private static final class Decrypting extends InputStream {

        private final InputStream in;
        private final SecretKey key;
        private final byte[] prefix;
        private final byte[] header;
        private final String context;
        private final Cipher cipher = gcm();
        private final byte[] sealed;
        private final byte[] plain;
        private int sealedLength;
        private int position;
        private int available;
        private long index;
        private boolean last;

        Decrypting(InputStream in, SecretKey key, byte[] prefix, byte[] header, int segmentSize, String context) {
            this.in = in;
            this.key = key;
            this.prefix = prefix;
            this.header = header;
            this.context = context;
            // One byte more than a segment: reading it tells whether the segment is the last.
            this.sealed = new byte[segmentSize + TAG_BYTES + 1];
            this.plain = new byte[segmentSize];
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == available) {
                if (last) {
                    return -1;
                }
                next();
            }
            int count = Math.min(length, available - position);
            System.arraycopy(plain, position, buffer, offset, count);
            position += count;
            return count;
        }

        @Override
        public int available() {
            return available - position;
        }

        private void next() throws IOException {
            int full = sealed.length - 1;
            // The byte read ahead last time (if any) starts this segment.
            int read = sealedLength > full ? 1 : 0;
            if (read == 1) {
                sealed[0] = sealed[full];
            }
            read += in.readNBytes(sealed, read, sealed.length - read);
            sealedLength = read;
            last = read <= full;
            int segmentLength = Math.min(read, full);
            if (segmentLength < TAG_BYTES) {
                throw new TamperedDataException("Encrypted " + context + " is truncated", null);
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(prefix, index, last)));
                cipher.updateAAD(header);
                available = cipher.doFinal(sealed, 0, segmentLength, plain, 0);
            } catch (AEADBadTagException e) {
                throw new TamperedDataException("Encrypted " + context + " failed authentication at segment " + index
                        + ": it was altered, truncated, or belongs to another document or key", e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed to decrypt", e);
            }
            position = 0;
            index++;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
