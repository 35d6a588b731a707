package dev.sandstone.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** What the logging MDC holds while a request is handled, and that nothing of it is left afterwards. */
class RequestLogContextFilterTest {

    private final RequestLogContextFilter filter = new RequestLogContextFilter();
    private final Map<String, String> seen = new HashMap<>();

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
        MDC.clear();
    }

    @Test
    void an_authenticated_call_on_a_document_logs_its_user_and_document_and_clears_both_after() throws Exception {
        signIn("alice");

        filter.doFilter(request("PUT", "/api/documents/doc-42/content"), new MockHttpServletResponse(),
                (request, response) -> seen.putAll(MDC.getCopyOfContextMap()));

        assertThat(seen).containsEntry("userId", "alice").containsEntry("documentId", "doc-42");
        assertThat(MDC.get("userId")).isNull();
        assertThat(MDC.get("documentId")).isNull();
    }

    @Test
    void an_anonymous_call_elsewhere_adds_nothing() throws Exception {
        filter.doFilter(request("GET", "/api/documents"), new MockHttpServletResponse(),
                (request, response) -> {
                    Map<String, String> context = MDC.getCopyOfContextMap();
                    if (context != null) {
                        seen.putAll(context);
                    }
                });

        assertThat(seen).doesNotContainKeys("userId", "documentId");
    }

    @Test
    void the_mdc_is_cleared_when_the_request_fails() {
        signIn("alice");

        assertThatThrownBy(() -> filter.doFilter(request("GET", "/api/documents/doc-1"), new MockHttpServletResponse(),
                (request, response) -> {
                    throw new IllegalStateException("boom");
                })).hasMessage("boom");

        assertThat(MDC.get("userId")).isNull();
        assertThat(MDC.get("documentId")).isNull();
    }

    @Test
    void only_a_possible_document_id_is_taken_from_the_path() {
        assertThat(RequestLogContextFilter.documentId("/api/documents/abc-123")).hasValue("abc-123");
        assertThat(RequestLogContextFilter.documentId("/api/documents/abc-123/members/bob")).hasValue("abc-123");
        assertThat(RequestLogContextFilter.documentId("/api/documents/a%0Ab")).isEmpty();
        assertThat(RequestLogContextFilter.documentId("/api/documents/" + "x".repeat(65))).isEmpty();
        assertThat(RequestLogContextFilter.documentId("/api/documents")).isEmpty();
        assertThat(RequestLogContextFilter.documentId("/api/search")).isEmpty();
    }

    private static void signIn(String subject) {
        Jwt jwt = Jwt.withTokenValue("token").header("alg", "none").subject(subject).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
    }

    private static MockHttpServletRequest request(String method, String path) {
        return new MockHttpServletRequest(method, path);
    }
}
