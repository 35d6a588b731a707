package dev.sandstone.local.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.platform.test.TestKeycloak;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The docker-compose services name both {@code jwt.issuer-uri} (the issuer in tokens, as clients reach Keycloak) and
 * {@code jwt.jwk-set-uri} (the keys, fetched inside the network). Spring Boot then takes the keys from the JWK set and
 * still checks the issuer: shown on a real Keycloak with a realm whose keys are trusted but whose issuer is not.
 */
class JwkSetUriWithIssuerTest {

    private final WebApplicationContextRunner resourceServer = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OAuth2ResourceServerAutoConfiguration.class))
            .withBean(SecurityFilterChain.class, () -> new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE));

    @Test
    void keys_come_from_the_jwk_set_and_the_issuer_is_still_checked() {
        TestKeycloak keycloak = TestKeycloak.shared();
        String foreign = keycloak.issuer(TestKeycloak.FOREIGN_REALM);
        String foreignToken = keycloak.accessToken(TestKeycloak.FOREIGN_REALM, TestKeycloak.CLIENT, "alice");

        resourceServer.withPropertyValues(
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + keycloak.issuer(TestKeycloak.REALM),
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + foreign + "/protocol/openid-connect/certs")
                .run(context -> assertThatThrownBy(() -> context.getBean(JwtDecoder.class).decode(foreignToken))
                        .isInstanceOf(JwtValidationException.class)
                        .hasMessageContaining("iss"));
        resourceServer.withPropertyValues(
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + foreign,
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + foreign + "/protocol/openid-connect/certs")
                .run(context -> assertThat(context.getBean(JwtDecoder.class).decode(foreignToken).getSubject())
                        .isNotBlank());
    }
}
