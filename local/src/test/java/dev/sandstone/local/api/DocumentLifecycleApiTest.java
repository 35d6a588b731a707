package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentLifecycleApiTest extends ApiTest {

    @Test
    void a_created_document_can_be_read_at_once_with_its_etag() {
        ApiClient alice = as(user("alice"));
        ApiClient.Response created = alice.post("/api/documents",
                json("title", "  Design notes ", "content", "Hello", "tags", List.of("design", "draft")));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        String id = created.body().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/api/documents/" + id);
        assertThat(created.body().get("version").asLong()).isEqualTo(1);

        ApiClient.Response read = alice.get("/api/documents/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.body().get("title").asText()).isEqualTo("Design notes");
        assertThat(read.body().get("content").asText()).isEqualTo("Hello");
        assertThat(read.body().get("status").asText()).isEqualTo("DRAFT");
        assertThat(read.body().get("latestPublishedVersion").isNull()).isTrue();
    }
}
