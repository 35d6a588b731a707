package dev.sandstone.platform.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sandstone.api.privacy.PersonalData.Subject;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data keys of data subjects (one per document, one per user), kept wrapped by the master key in the event
 * store's database ({@code subject_key}). Erasing a subject deletes its row: every field encrypted under the key is
 * then unreadable everywhere it was copied in encrypted form (crypto-shredding).
 *
 * <p>A key is created on first use in its own committed transaction, before the event that needs it is appended,
 * so a reader never sees ciphertext whose key is not stored yet; a missing key therefore means an erased subject.
 */
public class SubjectKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private record SubjectRef(Subject type, String id) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final MasterKeyRing masterKeys;
    private final Cache<SubjectRef, DataKey> bySubject;
    private final Cache<String, DataKey> byId;

    public SubjectKeys(DataSource dataSource, MasterKeyRing masterKeys, CryptoProperties properties) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.masterKeys = masterKeys;
        this.bySubject = Caffeine.newBuilder().maximumSize(properties.keyCacheSize())
                .expireAfterWrite(properties.keyCacheTtl()).build();
        this.byId = Caffeine.newBuilder().maximumSize(properties.keyCacheSize())
                .expireAfterWrite(properties.keyCacheTtl()).build();
    }

    /** The subject's key, created if it has none yet (again, after an erasure: new data, new key). */
    public DataKey keyOf(Subject type, String subjectId) {
        SubjectRef ref = new SubjectRef(type, subjectId);
        DataKey cached = bySubject.getIfPresent(ref);
        if (cached != null) {
            return cached;
        }
        DataKey key = find(ref).orElseGet(() -> create(ref));
        bySubject.put(ref, key);
        byId.put(key.id(), key);
        return key;
    }

    /** The key with this id, or empty when its subject was erased. */
    public Optional<DataKey> keyById(String keyId) {
        DataKey cached = byId.getIfPresent(keyId);
        if (cached != null) {
            return Optional.of(cached);
        }
        UUID id;
        try {
            id = UUID.fromString(keyId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        List<DataKey> found = jdbc.query(
                "SELECT key_id, master_key_id, wrapped_key FROM subject_key WHERE key_id = ?",
                (rs, n) -> unwrap(rs.getString(1), rs.getString(2), rs.getBytes(3)), id);
        found.forEach(key -> byId.put(key.id(), key));
        return found.stream().findFirst();
    }

    /** The subject's key if it has one: never creates one (an erased subject stays without). */
    public Optional<DataKey> existingKeyOf(Subject type, String subjectId) {
        SubjectRef ref = new SubjectRef(type, subjectId);
        DataKey cached = bySubject.getIfPresent(ref);
        return cached != null ? Optional.of(cached) : find(ref);
    }

    /**
     * Destroys the subject's key: its encrypted fields read as erased from now on in this process, and in others
     * once their cached copy expires ({@code sandstone.crypto.key-cache-ttl}). Returns the destroyed key's id.
     */
    public Optional<String> destroy(Subject type, String subjectId) {
        SubjectRef ref = new SubjectRef(type, subjectId);
        List<String> deleted = ownTransaction.execute(status -> jdbc.queryForList(
                "DELETE FROM subject_key WHERE subject_type = ? AND subject_id = ? RETURNING key_id::text",
                String.class, type.name(), subjectId));
        bySubject.invalidate(ref);
        deleted.forEach(byId::invalidate);
        return deleted.stream().findFirst();
    }

    /**
     * Re-wraps every data key not wrapped by the active master key under it, in batches, without touching any
     * event. Afterwards the old master key can be removed from the configuration. Returns how many were re-wrapped.
     */
    public int rotate() {
        String active = masterKeys.activeId();
        int total = 0;
        while (true) {
            Integer batch = ownTransaction.execute(status -> {
                List<Object[]> rewrapped = jdbc.query("SELECT key_id, master_key_id, wrapped_key FROM subject_key "
                                + "WHERE master_key_id <> ? LIMIT 500 FOR UPDATE SKIP LOCKED",
                        (rs, n) -> {
                            DataKey key = unwrap(rs.getString(1), rs.getString(2), rs.getBytes(3));
                            return new Object[]{masterKeys.wrap(key.key().getEncoded(), key.id()), active,
                                    UUID.fromString(key.id())};
                        }, active);
                jdbc.batchUpdate("UPDATE subject_key SET wrapped_key = ?, master_key_id = ? WHERE key_id = ?",
                        rewrapped);
                return rewrapped.size();
            });
            if (batch == null || batch == 0) {
                return total;
            }
            total += batch;
        }
    }

    /** How many data keys each master key wraps: rotation is complete when only the active one wraps any. */
    public java.util.Map<String, Long> keysPerMasterKey() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.query("SELECT master_key_id, count(*) FROM subject_key GROUP BY master_key_id",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    public String activeMasterKey() {
        return masterKeys.activeId();
    }

    private Optional<DataKey> find(SubjectRef ref) {
        return jdbc.query("SELECT key_id, master_key_id, wrapped_key FROM subject_key "
                                + "WHERE subject_type = ? AND subject_id = ?",
                        (rs, n) -> unwrap(rs.getString(1), rs.getString(2), rs.getBytes(3)),
                        ref.type().name(), ref.id())
                .stream().findFirst();
    }

    /** Inserts a fresh key in its own transaction; a concurrent creator's key wins if it committed first. */
    private DataKey create(SubjectRef ref) {
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        String keyId = UUID.randomUUID().toString();
        byte[] wrapped = masterKeys.wrap(material, keyId);
        ownTransaction.executeWithoutResult(status -> jdbc.update(
                "INSERT INTO subject_key (key_id, subject_type, subject_id, master_key_id, wrapped_key) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject_type, subject_id) DO NOTHING",
                UUID.fromString(keyId), ref.type().name(), ref.id(), masterKeys.activeId(), wrapped));
        return find(ref).orElseThrow(() -> new IllegalStateException("Data key of " + ref + " vanished on creation"));
    }

    private DataKey unwrap(String keyId, String masterKeyId, byte[] wrapped) {
        return new DataKey(keyId, new SecretKeySpec(masterKeys.unwrap(masterKeyId, wrapped, keyId), "AES"));
    }
}
