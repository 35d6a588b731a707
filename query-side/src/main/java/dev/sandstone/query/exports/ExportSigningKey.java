package dev.sandstone.query.exports;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The key of local download links: {@code sandstone.exports.signing-key} when set, else a random 256-bit key made
 * once and kept in the read model's database, read on first use. A key made afresh at each start would break every
 * link still in its lifetime at a restart, and links made by one instance on the others; the database is the one
 * secret every instance of the query side already shares. Whoever can read that table can forge links, but could
 * read the exported data in the same database just as well.
 */
final class ExportSigningKey implements Supplier<byte[]> {

    private static final int KEY_BYTES = 32;

    private final byte[] configured;
    private final JdbcClient jdbc;
    private volatile byte[] stored;

    ExportSigningKey(ExportProperties properties, JdbcClient jdbc) {
        this.configured = properties.signingKeyBytes();
        this.jdbc = jdbc;
    }

    @Override
    public byte[] get() {
        if (configured != null) {
            return configured;
        }
        byte[] key = stored;
        if (key == null) {
            synchronized (this) {
                if (stored == null) {
                    stored = loadOrCreate();
                }
                key = stored;
            }
        }
        return key;
    }

    private byte[] loadOrCreate() {
        byte[] fresh = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        // Instances starting together race here: the first insert wins, every instance reads the winner.
        jdbc.sql("INSERT INTO export_signing_keys (id, secret, created_at) VALUES (1, :secret, :at) "
                        + "ON CONFLICT (id) DO NOTHING")
                .param("secret", fresh).param("at", Timestamp.from(Instant.now())).update();
        return jdbc.sql("SELECT secret FROM export_signing_keys WHERE id = 1").query(byte[].class).single();
    }
}
