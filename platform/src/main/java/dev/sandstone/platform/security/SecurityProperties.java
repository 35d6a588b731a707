package dev.sandstone.platform.security;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandstone.security.*}. The OIDC issuer itself is Spring's standard
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}.
 *
 * @param rolesClaim  the JWT claim holding global roles (an array: {@code admin}, {@code auditor})
 * @param localIssuer   development tokens issued by the service itself (local default only)
 * @param publicMetrics serve {@code /actuator/prometheus} without a token (only where the management port is
 *                      private); otherwise it needs an admin's token
 */
@ConfigurationProperties("sandstone.security")
public record SecurityProperties(@DefaultValue("roles") String rolesClaim,
                                 @DefaultValue LocalIssuer localIssuer,
                                 @DefaultValue("false") boolean publicMetrics) {

    /**
     * @param enabled  serve {@code POST /local/token}; never enable outside the local default
     * @param keyFile  where the signing key is kept, so tokens survive a restart
     * @param tokenTtl lifetime of an issued token
     * @param issuer   the {@code iss} claim of issued tokens
     */
    public record LocalIssuer(@DefaultValue("false") boolean enabled,
                              @DefaultValue("./.sandstone/local-issuer-key.der") Path keyFile,
                              @DefaultValue("1h") Duration tokenTtl,
                              @DefaultValue("sandstone-local") String issuer) {
    }
}
