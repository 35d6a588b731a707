package dev.sandstone.platform.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A token issuer for services run as processes of their own: an RSA key whose public half is served as a JWK set on
 * 127.0.0.1, and tokens signed with it. Services trust it as they trust a real OIDC provider in the split shape:
 * {@code jwt.issuer-uri} (checked against {@code iss}) and {@code jwt.jwk-set-uri} (where the keys come from), with the
 * local issuer off. Close it to stop serving the key set.
 */
public final class TestIssuer implements AutoCloseable {

    private static final Duration TOKEN_TTL = Duration.ofHours(1);

    private final RSAKey key;
    private final HttpServer server;

    private TestIssuer(RSAKey key, HttpServer server) {
        this.key = key;
        this.server = server;
    }

    public static TestIssuer start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("sandstone-test-issuer").generate();
            byte[] keySet = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keySet.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(keySet);
                }
            });
            server.start();
            return new TestIssuer(key, server);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate the test issuer's key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the test issuer's key set", e);
        }
    }

    /** The {@code iss} of every token, and what services check it against. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwkSetUri() {
        return issuer() + "/jwks";
    }

    /** What a service needs to accept this issuer's tokens, as Spring properties. */
    public Map<String, String> settings() {
        return Map.of(
                "sandstone.security.local-issuer.enabled", "false",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer(),
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwkSetUri());
    }

    /** A token for {@code subject} with the global {@code roles} ({@code admin}, {@code auditor}) in the roles claim. */
    public String token(String subject, String... roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_TTL)))
                .claim("roles", List.of(roles))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a test token", e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
