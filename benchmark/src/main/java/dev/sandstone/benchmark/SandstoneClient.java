package dev.sandstone.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final HttpClient http;
    private final String token;

    private SandstoneClient(String baseUrl, String userId, String token, HttpClient http) {
        this.baseUrl = baseUrl;
        this.userId = userId;
        this.token = token;
        this.http = http;
    }

    /** Asks the local issuer for a development token and returns the user's client. */
    static SandstoneClient signIn(String baseUrl, String userId) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        SandstoneClient anonymous = new SandstoneClient(baseUrl, userId, null, http);
        Response token = anonymous.send("POST", "/local/token", Map.of("sub", userId), null);
        if (!token.is(200)) {
            throw new IllegalStateException("No development token for " + userId + " from " + baseUrl
                    + " (is the local issuer on?): " + token.describe());
        }
        return new SandstoneClient(baseUrl, userId, token.body().get("access_token").asText(), http);
    }

    String userId() {
        return userId;
    }

    Response create(String title, String content, List<String> tags) {
        return send("POST", "/api/documents", Map.of("title", title, "content", content, "tags", tags), null);
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

    private Response send(String method, String path, Object body, String ifMatch) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
            if (body != null) {
                request.header("Content-Type", "application/json");
                publisher = HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            }
            HttpResponse<String> response = http.send(request.method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode json = raw.isEmpty() || raw.charAt(0) != '{' ? JSON.missingNode() : JSON.readTree(raw);
            return new Response(response.statusCode(), json, raw);
        } catch (IOException e) {
            return new Response(0, JSON.missingNode(), e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, JSON.missingNode(), "interrupted");
        }
    }
}
