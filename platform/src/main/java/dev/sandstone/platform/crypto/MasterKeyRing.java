package dev.sandstone.platform.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys (envelope encryption's key-encryption keys): they wrap and unwrap data keys with AES-256-GCM,
 * bound to the data key's id, and never encrypt data. Several may be configured at once so data keys wrapped by
 * an old master key stay readable until {@link SubjectKeys#rotate()} has re-wrapped them under the active one.
 */
public final class MasterKeyRing {

    private static final String ACTIVE = "active";

    private final Map<String, SecretKey> keys;
    private final String activeId;

    MasterKeyRing(Map<String, SecretKey> keys, String activeId) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("sandstone.crypto: no master key is configured. Set "
                    + "sandstone.crypto.master-keys.<id> to the Base64 of 32 random bytes (openssl rand -base64 32) "
                    + "and sandstone.crypto.active-master-key=<id>, or sandstone.crypto.master-key-file");
        }
        if (activeId == null || !keys.containsKey(activeId)) {
            if (keys.size() != 1) {
                throw new IllegalStateException("sandstone.crypto.active-master-key must name one of the master keys "
                        + keys.keySet() + ", got " + activeId);
            }
            activeId = keys.keySet().iterator().next();
        }
        this.keys = Map.copyOf(keys);
        this.activeId = activeId;
    }

    /** The ring from configuration: inline keys, then the key file (created first if so configured). */
    public static MasterKeyRing from(CryptoProperties properties) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String active = properties.activeMasterKey();
        Path file = properties.masterKeyFile();
        if (file != null) {
            if (!Files.exists(file) && properties.generateIfMissing() && properties.masterKeys().isEmpty()) {
                generate(file);
            }
            if (Files.exists(file)) {
                Properties stored = load(file);
                for (String id : stored.stringPropertyNames()) {
                    if (!id.equals(ACTIVE)) {
                        keys.put(id, decode(id, stored.getProperty(id)));
                    }
                }
                if (active == null) {
                    active = stored.getProperty(ACTIVE);
                }
            }
        }
        properties.masterKeys().forEach((id, base64) -> keys.put(id, decode(id, base64)));
        return new MasterKeyRing(keys, active);
    }

    public String activeId() {
        return activeId;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    byte[] wrap(byte[] dataKey, String dataKeyId) {
        return Aes.encrypt(keys.get(activeId), dataKey, aad(dataKeyId));
    }

    byte[] unwrap(String masterKeyId, byte[] wrapped, String dataKeyId) {
        SecretKey master = keys.get(masterKeyId);
        if (master == null) {
            throw new IllegalStateException("Data key " + dataKeyId + " is wrapped by master key '" + masterKeyId
                    + "', which is not configured (configured: " + keys.keySet() + ")");
        }
        try {
            return Aes.decrypt(master, wrapped, aad(dataKeyId));
        } catch (GeneralSecurityException e) {
            throw new TamperedDataException("Data key " + dataKeyId + " does not unwrap under master key '"
                    + masterKeyId + "': the key or its record was altered", e);
        }
    }

    /**
     * A secret for another purpose (e.g. signing download links), derived from the active master key as HMAC-SHA256
     * of {@code purpose}: the same in every process that shares the master keys and across restarts, never stored,
     * one per purpose, and it reveals nothing of the master key. It changes when the active master key does.
     */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.get(activeId).getEncoded(), "HmacSHA256"));
            return mac.doFinal(("sandstone-derived-key:" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] aad(String dataKeyId) {
        return ("sandstone-data-key:" + dataKeyId).getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKey decode(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Master key '" + id + "' is not valid Base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("Master key '" + id + "' must be 32 bytes (AES-256), got " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static Properties load(Path file) {
        Properties stored = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            stored.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read master key file " + file, e);
        }
        return stored;
    }

    private static void generate(Path file) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Properties stored = new Properties();
        stored.setProperty("k1", Base64.getEncoder().encodeToString(key));
        stored.setProperty(ACTIVE, "k1");
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, ".master-key", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file inherits its directory's ACL.
            }
            try (OutputStream out = Files.newOutputStream(temp)) {
                stored.store(out, "Sandstone master key (generated). Losing it loses every encrypted field.");
            }
            Files.move(temp, file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create master key file " + file, e);
        }
    }
}
