package dev.sandstone.platform.crypto;

import javax.crypto.SecretKey;

/** A subject's AES-256 data key and its random id (the id names no subject, so ciphertext does not either). */
public record DataKey(String id, SecretKey key) {
}
