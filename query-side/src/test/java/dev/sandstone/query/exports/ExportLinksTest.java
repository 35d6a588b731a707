package dev.sandstone.query.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ExportLinksTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final ExportLinks links = new ExportLinks(() -> KEY, clock);

    @Test
    void a_signed_link_is_valid_until_it_expires() {
        ExportLinks.Signed signed = links.sign("export-1", Duration.ofMinutes(15));

        assertThat(signed.expires()).isEqualTo(Instant.parse("2026-11-25T10:15:00Z"));
        assertThat(check("export-1", signed)).isEqualTo(ExportLinks.Verdict.VALID);
        now.set(Instant.parse("2026-11-25T10:14:59Z"));
        assertThat(check("export-1", signed)).isEqualTo(ExportLinks.Verdict.VALID);
        now.set(Instant.parse("2026-11-25T10:15:00Z"));
        assertThat(check("export-1", signed)).isEqualTo(ExportLinks.Verdict.EXPIRED);
    }

    @Test
    void a_link_for_another_export_or_a_later_expiry_or_a_changed_signature_is_invalid() {
        ExportLinks.Signed signed = links.sign("export-1", Duration.ofMinutes(15));
        String later = Long.toString(signed.expires().getEpochSecond() + 3600);
        char last = signed.signature().charAt(signed.signature().length() - 1);
        String changed = signed.signature().substring(0, signed.signature().length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(check("export-2", signed)).isEqualTo(ExportLinks.Verdict.INVALID);
        assertThat(links.check("export-1", later, signed.signature())).isEqualTo(ExportLinks.Verdict.INVALID);
        assertThat(links.check("export-1", expires(signed), changed)).isEqualTo(ExportLinks.Verdict.INVALID);
        assertThat(links.check("export-1", expires(signed), null)).isEqualTo(ExportLinks.Verdict.INVALID);
        assertThat(links.check("export-1", "soon", signed.signature())).isEqualTo(ExportLinks.Verdict.INVALID);
        assertThat(links.check("export-1", expires(signed), "not base64 !")).isEqualTo(ExportLinks.Verdict.INVALID);
    }

    @Test
    void another_spelling_of_the_same_signature_bytes_is_invalid() {
        ExportLinks.Signed signed = links.sign("export-1", Duration.ofMinutes(15));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String signature = signed.signature();
        char last = signature.charAt(signature.length() - 1);
        // 32 bytes fill 42 characters and 4 bits of the 43rd: its lowest bits are padding a lenient decoder ignores
        String respelled = signature.substring(0, signature.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);

        assertThat(Base64.getUrlDecoder().decode(respelled)).isEqualTo(Base64.getUrlDecoder().decode(signature));
        assertThat(links.check("export-1", expires(signed), respelled)).isEqualTo(ExportLinks.Verdict.INVALID);
    }

    @Test
    void a_link_signed_under_another_key_is_invalid_even_once_expired() {
        ExportLinks other = new ExportLinks(() -> "another key, 32 bytes long......".getBytes(StandardCharsets.US_ASCII),
                clock);
        ExportLinks.Signed forged = other.sign("export-1", Duration.ofMinutes(15));

        assertThat(check("export-1", forged)).isEqualTo(ExportLinks.Verdict.INVALID);
        now.set(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(check("export-1", forged)).as("no expiry oracle for forgeries").isEqualTo(ExportLinks.Verdict.INVALID);
    }

    private ExportLinks.Verdict check(String exportId, ExportLinks.Signed signed) {
        return links.check(exportId, expires(signed), signed.signature());
    }

    private static String expires(ExportLinks.Signed signed) {
        return Long.toString(signed.expires().getEpochSecond());
    }
}
