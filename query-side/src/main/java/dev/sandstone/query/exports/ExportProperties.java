package dev.sandstone.query.exports;

import java.time.Duration;
import java.util.Base64;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandstone.exports.*}: compliance exports (every key is listed in {@code docs/operations.md}).
 *
 * @param urlLifetime       how long a download URL works (a pre-signed S3 URL or a signed local one); at most 7 days,
 *                          the longest S3 signs for
 * @param signingKey        Base64 of at least 32 random bytes: the HMAC-SHA256 key of local download links. Unset: a
 *                          key derived from the active master key ({@code sandstone.crypto.*}), so links survive
 *                          restarts and work on every instance; set it to sign links with a key of their own (changing
 *                          it, like rotating the master key, only stops links made before from working)
 * @param maxConcurrentJobs exports that may run at once across all instances: the segments of the {@code exports}
 *                          processor (fixed when the processor first starts; changing it later needs a token reset)
 * @param workerThreads     exports this instance runs at once (threads of the {@code exports} processor; default
 *                          {@code max-concurrent-jobs}). With fewer than {@code max-concurrent-jobs}, only as many
 *                          segments are claimed here, and exports falling in the others wait for another instance
 * @param retention         finished archives older than this are deleted from the blob store (the export then
 *                          shows {@code expired}); its status and audit records stay
 * @param cleanupInterval   how often archives past their retention are looked for
 */
@ConfigurationProperties("sandstone.exports")
public record ExportProperties(@DefaultValue("15m") Duration urlLifetime,
                               String signingKey,
                               @DefaultValue("2") int maxConcurrentJobs,
                               Integer workerThreads,
                               @DefaultValue("7d") Duration retention,
                               @DefaultValue("1h") Duration cleanupInterval) {

    /** The longest S3 accepts for a pre-signed URL. */
    static final Duration MAX_URL_LIFETIME = Duration.ofDays(7);
    static final int MIN_KEY_BYTES = 32;

    public ExportProperties {
        if (urlLifetime.compareTo(Duration.ofSeconds(1)) < 0 || urlLifetime.compareTo(MAX_URL_LIFETIME) > 0) {
            throw new IllegalArgumentException("sandstone.exports.url-lifetime must be between 1s and 7d, was "
                    + urlLifetime);
        }
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException("sandstone.exports.max-concurrent-jobs must be at least 1, was "
                    + maxConcurrentJobs);
        }
        if (workerThreads == null) {
            workerThreads = maxConcurrentJobs;
        }
        if (workerThreads < 1 || workerThreads > maxConcurrentJobs) {
            throw new IllegalArgumentException("sandstone.exports.worker-threads must be between 1 and "
                    + "max-concurrent-jobs (" + maxConcurrentJobs + "), was " + workerThreads);
        }
        if (retention.isNegative() || retention.isZero() || cleanupInterval.isNegative() || cleanupInterval.isZero()) {
            throw new IllegalArgumentException("sandstone.exports.retention and cleanup-interval must be positive");
        }
        if (signingKey != null && !signingKey.isBlank() && decode(signingKey).length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("sandstone.exports.signing-key must be Base64 of at least "
                    + MIN_KEY_BYTES + " bytes");
        }
    }

    /** The configured signing key's bytes, or null when none is configured. */
    byte[] signingKeyBytes() {
        return signingKey == null || signingKey.isBlank() ? null : decode(signingKey);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sandstone.exports.signing-key is not Base64", e);
        }
    }

    @Override
    public String toString() {
        return "ExportProperties[urlLifetime=" + urlLifetime + ", signingKey=" + (signingKey == null ? null : "(set)")
                + ", maxConcurrentJobs=" + maxConcurrentJobs + ", workerThreads=" + workerThreads
                + ", retention=" + retention + ", cleanupInterval=" + cleanupInterval + "]";
    }
}
