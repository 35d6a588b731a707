package dev.sandstone.platform.web;

import dev.sandstone.platform.security.CurrentActor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts who and what a request is about into the logging MDC while it is handled: {@code userId} (the JWT subject)
 * and {@code documentId} (from {@code /api/documents/{id}...}), next to the {@code traceId} and {@code spanId} that
 * tracing adds. Structured (JSON) logs carry every MDC entry as a field. Runs inside the security filter chain,
 * right after the bearer token is read, so the security filters after it log with the user too.
 */
public class RequestLogContextFilter extends OncePerRequestFilter {

    public static final String USER_ID = "userId";
    public static final String DOCUMENT_ID = "documentId";
    private static final Pattern DOCUMENT_PATH = Pattern.compile("/api/documents/([^/]+)(?:/.*)?");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> userId = CurrentActor.userId();
        Optional<String> documentId = documentId(request.getRequestURI().substring(request.getContextPath().length()));
        userId.ifPresent(id -> MDC.put(USER_ID, id));
        documentId.ifPresent(id -> MDC.put(DOCUMENT_ID, id));
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(USER_ID);
            MDC.remove(DOCUMENT_ID);
        }
    }

    /** Only something that can be a document id: the log never carries arbitrary text from the URL. */
    static Optional<String> documentId(String path) {
        Matcher matcher = DOCUMENT_PATH.matcher(path);
        return matcher.matches() && DocumentIds.isDocumentId(matcher.group(1))
                ? Optional.of(matcher.group(1))
                : Optional.empty();
    }
}
