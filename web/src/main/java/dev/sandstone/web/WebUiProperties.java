package dev.sandstone.web;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandstone.web.*}: how the web app signs people in. Documented in docs/operations.md.
 *
 * @param enabled serve the web app's pages and {@code GET /api/ui-config}
 * @param auth    {@code local} (a user-name form asking {@code POST /local/token}; only where the local issuer is
 *                enabled) or {@code oidc} (authorization code + PKCE against {@code oidc.issuer}); empty picks
 *                {@code local} when the local issuer is enabled, else {@code oidc}
 * @param oidc    the OpenID Connect provider and the public client the browser uses
 */
@ConfigurationProperties("sandstone.web")
public record WebUiProperties(@DefaultValue("true") boolean enabled,
                              @DefaultValue("") String auth,
                              @DefaultValue Oidc oidc) {

    /**
     * @param issuer   the provider's issuer URL (empty: {@code spring.security.oauth2.resourceserver.jwt.issuer-uri})
     * @param clientId a public client with PKCE, redirect URI {@code <base>/} (the Keycloak realm's {@code sandstone-api})
     * @param scope    the scopes asked for
     */
    public record Oidc(@DefaultValue("") String issuer,
                       @DefaultValue("sandstone-api") String clientId,
                       @DefaultValue("openid profile") String scope) {
    }

    /** The issuer as a URI, or null when none is configured. */
    static URI issuerOrNull(String issuer) {
        return issuer == null || issuer.isBlank() ? null : URI.create(issuer.trim());
    }
}
