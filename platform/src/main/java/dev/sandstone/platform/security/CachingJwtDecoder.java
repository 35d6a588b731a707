package dev.sandstone.platform.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that were already verified, until they expire: parsing and RS256 verification were a fifth of
 * the service's CPU per request. Keyed by the whole token, signature included, so only the exact token that passed
 * verification is accepted from the cache; a token without an expiry is never cached. Bounded: the cache is
 * emptied when it reaches {@code maxEntries}.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder delegate, int maxEntries, Clock clock) {
        this.delegate = delegate;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = verified.get(token);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.getExpiresAt())
                && (cached.getNotBefore() == null || !now.isBefore(cached.getNotBefore()))) {
            return cached;
        }
        if (cached != null) {
            verified.remove(token);
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null) {
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
            verified.put(token, jwt);
        }
        return jwt;
    }
}
