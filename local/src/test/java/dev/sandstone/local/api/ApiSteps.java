package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small steps the API tests share: paths, reads and the commands tests use to set a scene. */
final class ApiSteps {

    private ApiSteps() {
    }

    static String doc(String id) {
        return "/api/documents/" + id;
    }

    /** The document as {@code reader} sees it; fails unless it is readable. */
    static JsonNode read(ApiClient reader, String id) {
        ApiClient.Response response = reader.get(doc(id));
        assertThat(response.status()).as("read %s: %s", id, response).isEqualTo(200);
        return response.body();
    }

    static long version(ApiClient reader, String id) {
        return read(reader, id).get("version").asLong();
    }

    /** Replaces the content at the current version; returns the new version. */
    static long edit(ApiClient editor, String id, String content) {
        ApiClient.Response response = editor.ifMatch(version(editor, id)).put(doc(id) + "/content",
                json("content", content));
        assertThat(response.status()).as("edit: %s", response).isEqualTo(200);
        return response.body().get("version").asLong();
    }

    static void grant(ApiClient owner, String id, String userId, String role) {
        ApiClient.Response response = owner.put(doc(id) + "/members/" + userId, json("role", role));
        assertThat(response.status()).as("grant %s to %s: %s", role, userId, response).isEqualTo(200);
    }

    /** Publishes; returns the published version number. */
    static int publish(ApiClient publisher, String id) {
        ApiClient.Response response = publisher.post(doc(id) + "/publish", null);
        assertThat(response.status()).as("publish: %s", response).isEqualTo(201);
        return response.body().get("publishedVersion").asInt();
    }

    static void archive(ApiClient owner, String id) {
        ApiClient.Response response = owner.post(doc(id) + "/archive", null);
        assertThat(response.status()).as("archive: %s", response).isEqualTo(200);
    }

    /** The list answer for a query string such as {@code "?tag=x"}; fails unless 200. */
    static JsonNode list(ApiClient reader, String query) {
        ApiClient.Response response = reader.get("/api/documents" + query);
        assertThat(response.status()).as("list %s: %s", query, response).isEqualTo(200);
        return response.body();
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    static List<String> texts(JsonNode items, String field) {
        List<String> values = new ArrayList<>();
        items.forEach(item -> values.add(item.get(field).asText()));
        return values;
    }

    /** A tag no other test uses, so lists of admins and auditors (who see everything) can be checked exactly. */
    static String uniqueTag() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }
}
