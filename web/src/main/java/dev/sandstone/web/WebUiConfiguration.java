package dev.sandstone.web;

import dev.sandstone.platform.security.PublicEndpoint;
import dev.sandstone.platform.security.SecurityProperties;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;

/**
 * Serves the web app: its static files and {@code /api/ui-config} need no token (everything they show comes from
 * the API, which does), and its pages carry a strict Content-Security-Policy.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "sandstone.web.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(WebUiProperties.class)
@Import({UiConfigController.class, IndexPageController.class})
public class WebUiConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebUiConfiguration.class);

    @Bean
    UiConfig uiConfig(WebUiProperties properties, SecurityProperties security,
                      @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String resourceServerIssuer) {
        String auth = properties.auth().isBlank()
                ? (security.localIssuer().enabled() ? "local" : "oidc") : properties.auth().trim();
        switch (auth) {
            case "local" -> {
                if (!security.localIssuer().enabled()) {
                    throw new IllegalStateException("sandstone.web.auth=local needs the local token issuer "
                            + "(sandstone.security.local-issuer.enabled=true), which only the local default has");
                }
                return UiConfig.local();
            }
            case "oidc" -> {
                String issuer = properties.oidc().issuer().isBlank() ? resourceServerIssuer : properties.oidc().issuer();
                if (issuer == null || issuer.isBlank()) {
                    log.warn("The web app signs in with OIDC but no issuer is configured (sandstone.web.oidc.issuer "
                            + "or spring.security.oauth2.resourceserver.jwt.issuer-uri): it will say so to its users");
                    return UiConfig.unconfigured();
                }
                URI.create(issuer.trim());
                return UiConfig.oidc(issuer.trim(), properties.oidc().clientId(), properties.oidc().scope());
            }
            default -> throw new IllegalStateException("sandstone.web.auth must be local or oidc, not " + auth);
        }
    }

    @Bean
    FilterRegistrationBean<ContentSecurityPolicyFilter> contentSecurityPolicy(UiConfig config) {
        FilterRegistrationBean<ContentSecurityPolicyFilter> registration = new FilterRegistrationBean<>(
                new ContentSecurityPolicyFilter(WebUiProperties.issuerOrNull(config.issuer())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    PublicEndpoint webAppIndex() {
        return new PublicEndpoint(HttpMethod.GET, "/");
    }

    @Bean
    PublicEndpoint webAppPage() {
        return new PublicEndpoint(HttpMethod.GET, "/index.html");
    }

    @Bean
    PublicEndpoint webAppAssets() {
        return new PublicEndpoint(HttpMethod.GET, "/assets/**");
    }

    @Bean
    PublicEndpoint webAppIcon() {
        return new PublicEndpoint(HttpMethod.GET, "/favicon.svg");
    }

    @Bean
    PublicEndpoint webAppConfig() {
        return new PublicEndpoint(HttpMethod.GET, "/api/ui-config");
    }
}
