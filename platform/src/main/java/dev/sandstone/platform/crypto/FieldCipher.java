package dev.sandstone.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * Encrypts one field value under a data key: {@code ss1:<key id>:<Base64 of nonce, ciphertext and tag>}. The
 * additional authenticated data binds it to its key and its place (type and field), so ciphertext moved to another
 * field, event type or key fails like altered ciphertext.
 */
public final class FieldCipher {

    private static final String PREFIX = "ss1:";

    private final SubjectKeys keys;

    public FieldCipher(SubjectKeys keys) {
        this.keys = keys;
    }

    public String encrypt(DataKey key, String place, byte[] plaintext) {
        byte[] sealed = Aes.encrypt(key.key(), plaintext, aad(key.id(), place));
        return PREFIX + key.id() + ":" + Base64.getEncoder().withoutPadding().encodeToString(sealed);
    }

    public static boolean isCiphertext(String value) {
        return value != null && value.startsWith(PREFIX) && value.indexOf(':', PREFIX.length()) > 0;
    }

    /**
     * The plaintext, or empty when the key was destroyed (the subject was erased).
     *
     * @throws TamperedDataException when the ciphertext, its key id or its place was altered
     */
    public Optional<byte[]> decrypt(String value, String place) {
        int colon = value.indexOf(':', PREFIX.length());
        String keyId = value.substring(PREFIX.length(), colon);
        Optional<DataKey> key = keys.keyById(keyId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] sealed = Base64.getDecoder().decode(value.substring(colon + 1));
            return Optional.of(Aes.decrypt(key.get().key(), sealed, aad(keyId, place)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TamperedDataException("Encrypted " + place + " failed authentication: it was altered or moved",
                    e);
        }
    }

    private static byte[] aad(String keyId, String place) {
        return (keyId + "|" + place).getBytes(StandardCharsets.UTF_8);
    }
}
