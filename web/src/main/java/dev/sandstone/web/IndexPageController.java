package dev.sandstone.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The app's one page, {@code index.html} as Vite built it, with this response's style nonce filled in
 * ({@code <meta name="csp-nonce">}, read by the app for CodeMirror's run-time styles). Never cached: every response
 * has its own nonce. The hashed assets under {@code /assets/} are plain static files.
 */
@RestController
class IndexPageController {

    static final String PLACEHOLDER = "__CSP_NONCE__";

    private final String page;

    IndexPageController() throws IOException {
        ClassPathResource resource = new ClassPathResource("META-INF/resources/index.html");
        if (!resource.exists()) {
            throw new IllegalStateException("The web app's index.html is missing from the web jar: build the web "
                    + "module (it needs node and npm) or set sandstone.web.enabled=false");
        }
        try (InputStream in = resource.getInputStream()) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!page.contains(PLACEHOLDER)) {
            throw new IllegalStateException("index.html has no " + PLACEHOLDER + " placeholder for the style nonce");
        }
    }

    @GetMapping({"/", "/index.html"})
    ResponseEntity<String> index(HttpServletRequest request) {
        Object nonce = request.getAttribute(ContentSecurityPolicyFilter.NONCE_ATTRIBUTE);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .body(page.replace(PLACEHOLDER, nonce == null ? "" : nonce.toString()));
    }
}
