package dev.sandstone.query.exports;

import dev.sandstone.platform.crypto.MasterKeyRing;
import java.util.function.Supplier;

/**
 * The key of local download links: {@code sandstone.exports.signing-key} when set, else a key derived from the active
 * master key of encryption at rest ({@link MasterKeyRing#derive}). A key made afresh at each start would break every
 * link still in its lifetime at a restart, and links made by one instance on the others; the master key is the stable
 * secret every instance already shares, and unlike anything in the database it is not readable by whoever can read
 * the database, which must not be enough to download archives of decrypted events. Rotating the master key changes
 * the link key: links made before stop working, which a new {@code GET /api/exports/{id}} repairs.
 */
final class ExportSigningKey implements Supplier<byte[]> {

    static final String PURPOSE = "export-download-links";

    private final byte[] configured;
    private final MasterKeyRing masterKeys;

    ExportSigningKey(ExportProperties properties, MasterKeyRing masterKeys) {
        this.configured = properties.signingKeyBytes();
        this.masterKeys = masterKeys;
    }

    @Override
    public byte[] get() {
        return configured != null ? configured : masterKeys.derive(PURPOSE);
    }
}
