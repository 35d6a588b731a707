package dev.sandstone.platform.security;

import java.util.Objects;
import org.springframework.http.HttpMethod;

/**
 * A request that needs no bearer token because it carries its own authorisation, such as a signed, expiring
 * download URL whose handler checks the signature. Declare one as a bean; {@link SecurityConfiguration} lets
 * {@code method} requests matching {@code pattern} (Spring's path pattern syntax) through. Rate limits still apply.
 */
public record PublicEndpoint(HttpMethod method, String pattern) {

    public PublicEndpoint {
        Objects.requireNonNull(method, "method");
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("A public endpoint's pattern is a path starting with /: " + pattern);
        }
    }
}
