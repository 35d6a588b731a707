package dev.sandstone.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real Elasticsearch the build provides: starts, indexes, searches, and keeps its data across a restart. */
class TestElasticsearchTest {

    private static final String INDEX = "sandstone-smoke-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void leaveTheSharedServerRunning() {
        TestElasticsearch.shared().start();
    }

    @Test
    void indexes_searches_and_keeps_its_data_across_a_restart() throws Exception {
        TestElasticsearch elasticsearch = TestElasticsearch.shared();
        assertThat(elasticsearch.isRunning()).isTrue();
        assertThat(send(elasticsearch, "GET", "/_cluster/health", null).path("status").asText()).isIn("green", "yellow");

        send(elasticsearch, "DELETE", "/" + INDEX + "?ignore_unavailable=true", null);
        send(elasticsearch, "PUT", "/" + INDEX, """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
                 "mappings": {"properties": {"title": {"type": "text"}, "owner": {"type": "keyword"}}}}""");
        send(elasticsearch, "PUT", "/" + INDEX + "/_doc/doc-1?refresh=true", """
                {"title": "Quarterly report on sandstone erosion", "owner": "alice"}""");

        assertFoundWithHighlight(elasticsearch);

        elasticsearch.stop();
        assertThat(elasticsearch.isRunning()).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", elasticsearch.port()).close())
                .isInstanceOf(ConnectException.class);

        elasticsearch.start();
        assertThat(elasticsearch.isRunning()).isTrue();
        assertThat(send(elasticsearch, "GET", "/" + INDEX + "/_doc/doc-1", null).path("_source").path("owner").asText())
                .isEqualTo("alice");
        assertFoundWithHighlight(elasticsearch);
    }

    /** A misspelt word still finds the document (fuzziness), and the hit marks the matched word. */
    private void assertFoundWithHighlight(TestElasticsearch elasticsearch) throws IOException, InterruptedException {
        JsonNode result = send(elasticsearch, "POST", "/" + INDEX + "/_search", """
                {"query": {"match": {"title": {"query": "sandstonne", "fuzziness": "AUTO"}}},
                 "highlight": {"fields": {"title": {}}}}""");
        JsonNode hits = result.path("hits").path("hits");
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).path("_id").asText()).isEqualTo("doc-1");
        assertThat(hits.get(0).path("highlight").path("title").get(0).asText()).contains("<em>sandstone</em>");
    }

    private JsonNode send(TestElasticsearch elasticsearch, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(elasticsearch.url() + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}
