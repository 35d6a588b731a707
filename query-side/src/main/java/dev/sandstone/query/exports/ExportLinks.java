package dev.sandstone.query.exports;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring download links of the local default: the link names the export and an expiry (epoch seconds), and
 * carries HMAC-SHA256 over both under the signing key. Whoever holds a link may download until it expires; a link
 * whose export, expiry or signature was changed is refused. The signature is the whole authorisation of the request.
 */
final class ExportLinks {

    enum Verdict { VALID, EXPIRED, INVALID }

    /** What a link carries besides the export id. */
    record Signed(Instant expires, String signature) {
    }

    private static final String PURPOSE = "sandstone-export-archive";

    private final Supplier<byte[]> key;
    private final Clock clock;

    ExportLinks(Supplier<byte[]> key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    Signed sign(String exportId, Duration lifetime) {
        Instant expires = clock.instant().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        return new Signed(expires, Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac(exportId, expires.getEpochSecond())));
    }

    /**
     * Checks the signature first (so a forged link learns nothing about expiry), then the expiry. The signature is
     * compared as text, in constant time: its canonical encoding only, so no other spelling of the same bytes passes.
     */
    Verdict check(String exportId, String expires, String signature) {
        if (expires == null || signature == null) {
            return Verdict.INVALID;
        }
        long epochSeconds;
        try {
            epochSeconds = Long.parseLong(expires);
        } catch (NumberFormatException malformed) {
            return Verdict.INVALID;
        }
        if (!MessageDigest.isEqual(encode(mac(exportId, epochSeconds)), signature.getBytes(StandardCharsets.UTF_8))) {
            return Verdict.INVALID;
        }
        return clock.instant().isBefore(Instant.ofEpochSecond(epochSeconds)) ? Verdict.VALID : Verdict.EXPIRED;
    }

    private static byte[] encode(byte[] mac) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] mac(String exportId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            return mac.doFinal((PURPOSE + "\n" + exportId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
