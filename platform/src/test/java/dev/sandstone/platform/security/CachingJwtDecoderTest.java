package dev.sandstone.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();

    private JwtDecoder verifier(Instant expiresAt) {
        return token -> {
            verifications.incrementAndGet();
            if (!token.startsWith("good")) {
                throw new BadJwtException("bad signature");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("alice")
                    .issuedAt(NOW.minusSeconds(60)).expiresAt(expiresAt).build();
        };
    }

    @Test
    void a_verified_token_is_verified_once_until_it_expires() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier(NOW.plusSeconds(60)), 10, Clock.fixed(NOW, ZoneOffset.UTC));

        decoder.decode("good.token");
        decoder.decode("good.token");

        assertThat(verifications).hasValue(1);
    }

    @Test
    void an_expired_cached_token_goes_back_to_the_verifier_which_refuses_it() {
        Instant expiry = NOW.plusSeconds(60);
        JwtDecoder verifier = verifier(expiry);
        MutableClock clock = new MutableClock(NOW);
        CachingJwtDecoder decoder = new CachingJwtDecoder(token -> {
            if (!clock.instant().isBefore(expiry)) {
                throw new BadJwtException("expired");
            }
            return verifier.decode(token);
        }, 10, clock);

        decoder.decode("good.token");
        clock.now = NOW.plus(Duration.ofMinutes(2));

        assertThatThrownBy(() -> decoder.decode("good.token")).isInstanceOf(BadJwtException.class);
    }

    @Test
    void a_token_that_fails_verification_is_never_cached() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier(NOW.plusSeconds(60)), 10, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> decoder.decode("forged.token")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged.token")).isInstanceOf(BadJwtException.class);

        assertThat(verifications).hasValue(2);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
