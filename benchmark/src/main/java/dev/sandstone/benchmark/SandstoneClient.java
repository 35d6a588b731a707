package dev.sandstone.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One user's client, like one browser: its own {@link HttpClient} (so its own connections) and its own token.
 * Calls never throw for HTTP statuses; transport failures come back as status 0 with the message as body.
 */
final class SandstoneClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A response: status, parsed JSON body (missing node when none), and the raw body for error samples. */
    record Response(int status, JsonNode body, String raw) {
        boolean is(int expected) {
            return status == expected;
        }

        long version() {
            return body.path("version").asLong(-1);
        }

        String describe() {
            String text = raw == null ? "" : raw.replaceAll("\\s+", " ");
            return status + " " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
        }
    }

    private final String baseUrl;
    private final String userId;
    private final List<String> roles;
    private final HttpClient http;
    private volatile String token;

    private SandstoneClient(String baseUrl, String userId, List<String> roles, HttpClient http) {
        this.baseUrl = baseUrl;
        this.userId = userId;
        this.roles = roles;
        this.http = http;
    }

    /** Asks the local issuer for a development token and returns the user's client. */
    static SandstoneClient signIn(String baseUrl, String userId) {
        return signIn(baseUrl, userId, List.of());
    }

    /** As {@link #signIn(String, String)}, with global roles ({@code admin}, {@code auditor}) in the token. */
    static SandstoneClient signIn(String baseUrl, String userId, List<String> roles) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        SandstoneClient client = new SandstoneClient(baseUrl, userId, List.copyOf(roles), http);
        client.token = client.newToken();
        return client;
    }

    private String newToken() {
        Response token = exchange("POST", "/local/token", Map.of("sub", userId, "roles", roles), null, Map.of(),
                false);
        if (!token.is(200)) {
            throw new IllegalStateException("No development token for " + userId + " from " + baseUrl
                    + " (is the local issuer on?): " + token.describe());
        }
        return token.body().get("access_token").asText();
    }

    String userId() {
        return userId;
    }

    Response create(String title, String content, List<String> tags) {
        return send("POST", "/api/documents", Map.of("title", title, "content", content, "tags", tags), null);
    }

    /** A create that is safe to retry: the same key from the same user creates nothing new. */
    Response create(String title, String content, List<String> tags, String idempotencyKey) {
        return send("POST", "/api/documents", Map.of("title", title, "content", content, "tags", tags), null,
                Map.of("Idempotency-Key", idempotencyKey));
    }

    Response grant(String documentId, String memberId, String role) {
        return send("PUT", "/api/documents/" + documentId + "/members/" + memberId, Map.of("role", role), null);
    }

    Response editContent(String documentId, String content, long expectedVersion) {
        return send("PUT", "/api/documents/" + documentId + "/content", Map.of("content", content),
                "\"" + expectedVersion + "\"");
    }

    Response get(String documentId) {
        return send("GET", "/api/documents/" + documentId, null, null);
    }

    Response list(int page, int size) {
        return send("GET", "/api/documents?page=" + page + "&size=" + size, null, null);
    }

    Response publish(String documentId) {
        return send("POST", "/api/documents/" + documentId + "/publish", null, null);
    }

    /** One page of search hits for {@code q} as typed (the service treats its last word as a prefix). */
    Response search(String q, int size) {
        return send("GET", "/api/search?size=" + size + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null,
                null);
    }

    /** Admin: every processor's state, segments and lag, as a JSON array. */
    Response processors() {
        return send("GET", "/api/admin/processors", null, null);
    }

    /** Admin: one processor's status. */
    Response processor(String name) {
        return send("GET", "/api/admin/processors/" + name, null, null);
    }

    /** Admin: resets a processor and replays the event store into it (202). */
    Response replay(String processor) {
        return send("POST", "/api/admin/processors/" + processor + "/replay", null, null);
    }

    private Response send(String method, String path, Object body, String ifMatch) {
        return send(method, path, body, ifMatch, Map.of());
    }

    /**
     * One request; on 401 the client takes a fresh token and tries once more (development tokens expire after an
     * hour by default, and seeding a large search corpus can take longer).
     */
    private Response send(String method, String path, Object body, String ifMatch, Map<String, String> headers) {
        Response response = exchange(method, path, body, ifMatch, headers, true);
        if (response.is(401)) {
            token = newToken();
            response = exchange(method, path, body, ifMatch, headers, true);
        }
        return response;
    }

    private Response exchange(String method, String path, Object body, String ifMatch, Map<String, String> headers,
                              boolean authorised) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
            if (authorised) {
                request.header("Authorization", "Bearer " + token);
            }
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            headers.forEach(request::header);
            HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
            if (body != null) {
                request.header("Content-Type", "application/json");
                publisher = HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            }
            HttpResponse<String> response = http.send(request.method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            boolean isJson = !raw.isEmpty() && (raw.charAt(0) == '{' || raw.charAt(0) == '[');
            JsonNode json = isJson ? JSON.readTree(raw) : JSON.missingNode();
            return new Response(response.statusCode(), json, raw);
        } catch (IOException e) {
            return new Response(0, JSON.missingNode(), e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, JSON.missingNode(), "interrupted");
        }
    }
}
