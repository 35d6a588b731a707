package dev.sandstone.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Export steps the API tests share: request, wait for completion, download with a plain client, read the ZIP. */
final class ExportArchives {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ExportArchives() {
    }

    /** Requests an export; returns its id after checking the 202 answer. */
    static String request(ApiClient client, Map<String, Object> body) {
        ApiClient.Response response = client.post("/api/exports", body);
        assertThat(response.status()).as("%s", response).isEqualTo(202);
        String id = response.body().get("id").asText();
        assertThat(response.header("Location")).isEqualTo("/api/exports/" + id);
        assertThat(response.body().get("status").asText()).isEqualTo("queued");
        return id;
    }

    /** Polls the export until it is completed; fails if it fails or takes longer than {@code within}. */
    static JsonNode completed(ApiClient client, String id, Duration within) {
        JsonNode status = ApiTest.awaitOk(client, "/api/exports/" + id,
                body -> !body.get("status").asText().matches("queued|running"), within);
        assertThat(status.get("status").asText()).as("%s", status).isEqualTo("completed");
        return status;
    }

    /** An HTTP response with the raw bytes of its body. */
    record Download(int status, byte[] body, HttpResponse<byte[]> raw) {
        JsonNode problem() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A GET with a plain client: no token, nothing but the URL. */
    static Download get(String url) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The archive's entries by name, in their order in the ZIP file. */
    static Map<String, byte[]> entries(byte[] zip) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** The JSON objects of an NDJSON entry, one per line. */
    static List<JsonNode> ndjson(byte[] entry) {
        List<JsonNode> records = new ArrayList<>();
        for (String line : new String(entry, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                try {
                    records.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("Not JSON: " + line, e);
                }
            }
        }
        return records;
    }

    static String text(byte[] entry) {
        return new String(entry, StandardCharsets.UTF_8);
    }

    /** Checks the manifest names every other entry with its SHA-256, and nothing else. */
    static void assertManifestHolds(Map<String, byte[]> entries) {
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line : text(entries.get("manifest.sha256")).split("\n")) {
            String[] parts = line.split("  ", 2);
            listed.put(parts[1], parts[0]);
        }
        Map<String, String> actual = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> {
            if (!name.equals("manifest.sha256")) {
                actual.put(name, sha256(bytes));
            }
        });
        assertThat(listed).isEqualTo(actual);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every item of a paged list, following pages of 100. */
    static List<JsonNode> allItems(ApiClient client, String path) {
        List<JsonNode> items = new ArrayList<>();
        String separator = path.contains("?") ? "&" : "?";
        for (int page = 0; ; page++) {
            ApiClient.Response response = client.get(path + separator + "page=" + page + "&size=100");
            assertThat(response.status()).as("%s: %s", path, response).isEqualTo(200);
            response.body().get("items").forEach(items::add);
            if (response.body().get("items").size() < 100) {
                return items;
            }
        }
    }
}
