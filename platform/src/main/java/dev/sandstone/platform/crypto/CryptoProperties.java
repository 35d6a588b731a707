package dev.sandstone.platform.crypto;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Encryption at rest of personal and content-bearing event fields ({@code sandstone.crypto.*}).
 *
 * @param masterKeys        master keys by id, each the Base64 of 32 random bytes ({@code openssl rand -base64 32});
 *                          they wrap the per-subject data keys and never touch data themselves
 * @param activeMasterKey   the id of the master key that wraps new data keys and that rotation re-wraps to
 * @param masterKeyFile     alternatively, a properties file of {@code <id>=<base64>} lines and {@code active=<id>};
 *                          keys given inline win over the file's
 * @param generateIfMissing create {@code masterKeyFile} with one fresh key (owner-only permissions) when it does not
 *                          exist: the local default's convenience, never for several instances (each would invent
 *                          its own master key)
 * @param keyCacheSize      how many unwrapped data keys one process keeps in memory
 * @param keyCacheTtl       how long it keeps one: after an erasure, another process may still decrypt the subject's
 *                          data for at most this long
 */
@ConfigurationProperties("sandstone.crypto")
public record CryptoProperties(
        Map<String, String> masterKeys,
        String activeMasterKey,
        Path masterKeyFile,
        @DefaultValue("false") boolean generateIfMissing,
        @DefaultValue("100000") long keyCacheSize,
        @DefaultValue("60s") Duration keyCacheTtl) {

    public CryptoProperties {
        masterKeys = masterKeys == null ? Map.of() : Map.copyOf(masterKeys);
    }
}
