package dev.sandstone.platform.security;

import dev.sandstone.platform.web.ProblemWriter;
import dev.sandstone.platform.web.RequestLogContextFilter;
import dev.sandstone.platform.web.ratelimit.RateLimitFilter;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.DelegatingJwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * OAuth2 resource server with JWT: every API call needs a bearer token; health probes, the OpenAPI document
 * and its UI are public, and so is {@code /local/token} when (and only when) the local issuer is enabled, and every
 * {@link PublicEndpoint} an application declares (requests that carry their own signature).
 * Authentication failures answer 401 problem+json; per-document rules live in the aggregate and the read model.
 * Right after the bearer token is read, the request's user goes into the logging MDC and the rate limits apply.
 * Global roles become authorities {@code ROLE_<role>}, so {@code management.endpoint.health.roles=admin} works.
 */
@AutoConfiguration(before = SecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)

@EnableConfigurationProperties(SecurityProperties.class)
@Import(CurrentActor.class)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemWriter problems, SecurityProperties properties,
                                    JwtDecoder decoder, ObjectProvider<RateLimitFilter> rateLimits,
                                    ObjectProvider<PublicEndpoint> publicEndpoints) throws Exception {
        JwtDecoder cachingDecoder = new CachingJwtDecoder(decoder, 10_000, Clock.systemUTC());
        BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers("/actuator/health", "/actuator/health/liveness",
                            "/actuator/health/readiness", "/actuator/health/dependencies", "/v3/api-docs",
                            "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error").permitAll();
                    if (properties.publicMetrics()) {
                        auth.requestMatchers("/actuator/prometheus").permitAll();
                    } else {
                        auth.requestMatchers("/actuator/prometheus").access((authentication, context) ->
                                new AuthorizationDecision(authentication.get().getPrincipal() instanceof Jwt jwt
                                        && CurrentActor.fromJwt(jwt, properties.rolesClaim()).isAdmin()));
                    }
                    if (properties.localIssuer().enabled()) {
                        auth.requestMatchers("/local/token").permitAll();
                    }
                    publicEndpoints.orderedStream().forEach(endpoint ->
                            auth.requestMatchers(endpoint.method(), endpoint.pattern()).permitAll());
                    auth.anyRequest().authenticated();
                })
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.decoder(cachingDecoder).jwtAuthenticationConverter(roles(properties)))
                        .authenticationEntryPoint((request, response, failure) -> {
                            challenge.commence(request, response, failure);
                            problems.write(request, response, HttpStatus.UNAUTHORIZED,
                                    "A valid bearer token is required: " + failure.getMessage());
                        })
                        .accessDeniedHandler((request, response, denied) ->
                                problems.write(request, response, HttpStatus.FORBIDDEN, denied.getMessage())))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, failure) -> {
                    challenge.commence(request, response, failure);
                    problems.write(request, response, HttpStatus.UNAUTHORIZED, "A valid bearer token is required");
                }))
                .addFilterAfter(new RequestLogContextFilter(), BearerTokenAuthenticationFilter.class);
        rateLimits.ifAvailable(rateLimit -> http.addFilterAfter(rateLimit, RequestLogContextFilter.class));
        return http.build();
    }

    /** Spring's strict firewall with the same rules, checked without a regex per header read ({@link HeaderFirewall}). */
    @Bean
    WebSecurityCustomizer headerFirewall() {
        return web -> web.httpFirewall(HeaderFirewall.create());
    }

    /**
     * {@code requestMatchers("/path")} as path patterns matched on the request's path: without this bean Spring
     * Security asks Spring MVC's handler mappings for every pattern of every request ({@code MvcRequestMatcher}).
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean requestMatcherBuilder() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /** Scopes as {@code SCOPE_x} (Spring's default) plus the global roles claim as {@code ROLE_<role>}. */
    private static JwtAuthenticationConverter roles(SecurityProperties properties) {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(properties.rolesClaim());
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new DelegatingJwtGrantedAuthoritiesConverter(scopes, roles));
        return converter;
    }
}
