package dev.sandstone.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The web app's pages get a strict Content-Security-Policy: scripts and styles only from this origin (the bundle
 * has no inline script), connections only to this origin, its WebSocket ({@code /api/collab}) and the OIDC issuer
 * when one is configured; no framing, no plugins, no base-URI tricks. API responses (JSON) and Swagger UI keep
 * their own headers. {@code X-Content-Type-Options: nosniff} comes from Spring Security on every response.
 * <p>
 * Styles: the app's stylesheet is a file, but CodeMirror puts its base theme in a {@code <style>} element at run
 * time; that element carries a per-response nonce ({@link IndexPageController} writes it into the page), so no
 * {@code 'unsafe-inline'} is needed for styles either.
 */
class ContentSecurityPolicyFilter extends OncePerRequestFilter {

    /** A Host header that may go into the policy: a name or an address, an optional port, nothing else. */
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    /** The request attribute holding this response's style nonce. */
    static final String NONCE_ATTRIBUTE = ContentSecurityPolicyFilter.class.getName() + ".nonce";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuerOrigin;

    ContentSecurityPolicyFilter(URI issuer) {
        this.issuerOrigin = issuer == null ? null
                : issuer.getScheme() + "://" + issuer.getRawAuthority();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || path.startsWith("/actuator") || path.startsWith("/v3/")
                || path.startsWith("/swagger-ui") || path.startsWith("/local/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        request.setAttribute(NONCE_ATTRIBUTE, nonce);
        response.setHeader("Content-Security-Policy", policy(request, nonce));
        response.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }

    String policy(HttpServletRequest request, String nonce) {
        StringBuilder connect = new StringBuilder("'self'");
        String host = request.getHeader("Host");
        if (host != null && SAFE_HOST.matcher(host).matches()) {
            connect.append(request.isSecure() ? " wss://" : " ws://").append(host);
        }
        if (issuerOrigin != null) {
            connect.append(' ').append(issuerOrigin);
        }
        return "default-src 'self'; script-src 'self'; style-src 'self' 'nonce-" + nonce + "'; img-src 'self' data:; font-src 'self'; "
                + "connect-src " + connect + "; frame-src " + (issuerOrigin == null ? "'none'" : issuerOrigin)
                + "; object-src 'none'; base-uri 'none'; form-action 'self'"
                + (issuerOrigin == null ? "" : " " + issuerOrigin) + "; frame-ancestors 'none'";
    }
}
