package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstone.local.SandstoneApplication;
import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Time travel, as a property: for any sequence of content edits (with multi-byte and astral characters), title and
 * tag changes and publications, every version rebuilt by replaying the events is exactly what the read model showed
 * right after that version was written, its content is exactly what the client sent, and asking for the instant a
 * version was written returns that version. Runs the whole service over HTTP, started once for all tries.
 */
class TimeTravelProperties {

    private static final String ALPHABET = "ab \n\té中😀";
    private static ConfigurableApplicationContext service;
    private static ApiClient client;

    @Property(tries = 25, shrinking = ShrinkingMode.BOUNDED)
    void every_version_replays_to_what_was_written(@ForAll("initialContent") String initial,
                                                   @ForAll("steps") List<Step> steps) {
        ApiClient alice = alice();
        String id = alice.post("/api/documents", Map.of("title", "Property", "content", initial, "tags", List.of()))
                .body().get("id").asText();
        Map<Long, JsonNode> written = new LinkedHashMap<>();
        Map<Long, String> contentSent = new HashMap<>();
        long version = 1;
        String content = initial;
        written.put(version, current(alice, id));
        contentSent.put(version, content);

        for (Step step : steps) {
            ApiClient.Response response;
            if (step instanceof Edit edit) {
                content = edit.applyTo(content);
                response = alice.ifMatch(version).put("/api/documents/" + id + "/content", json("content", content));
            } else if (step instanceof Rename rename) {
                response = alice.ifMatch(version).patch("/api/documents/" + id,
                        json("title", rename.title(), "tags", rename.tags()));
            } else {
                response = alice.ifMatch(version).post("/api/documents/" + id + "/publish", null);
            }
            assertThat(response.status()).as("%s -> %s", step, response).isIn(200, 201);
            JsonNode answer = response.body();
            long now = (answer.has("version") ? answer.get("version") : answer.get("documentVersion")).asLong();
            if (now != version) {
                version = now;
                written.put(version, current(alice, id));
                contentSent.put(version, content);
            }
        }

        for (Map.Entry<Long, JsonNode> entry : written.entrySet()) {
            long v = entry.getKey();
            JsonNode expected = entry.getValue();
            JsonNode revision = alice.get("/api/documents/" + id + "/revisions/" + v).body();
            assertThat(revision.get("version").asLong()).isEqualTo(v);
            assertThat(revision.get("content").asText()).as("content of version %d", v).isEqualTo(contentSent.get(v))
                    .isEqualTo(expected.get("content").asText());
            assertThat(revision.get("title")).isEqualTo(expected.get("title"));
            assertThat(revision.get("tags")).isEqualTo(expected.get("tags"));
            assertThat(revision.get("status")).isEqualTo(expected.get("status"));
            JsonNode atThatInstant = alice.get("/api/documents/" + id + "/revisions?at=" + revision.get("at").asText())
                    .body();
            assertThat(atThatInstant.get("version").asLong()).as("version at %s", revision.get("at")).isEqualTo(v);
        }
    }

    @Provide
    Arbitrary<String> initialContent() {
        return text(0, 40);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> edit = Combinators.combine(Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 6), text(0, 8))
                .as(Edit::new);
        Arbitrary<Step> rename = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                        Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(3).list().ofMaxSize(3))
                .as(Rename::new);
        Arbitrary<Step> publish = Arbitraries.just(new Publish());
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(7, edit), net.jqwik.api.Tuple.of(2, rename), net.jqwik.api.Tuple.of(1, publish))
                .list().ofMinSize(1).ofMaxSize(15);
    }

    private static Arbitrary<String> text(int min, int max) {
        return Arbitraries.of(ALPHABET.codePoints().mapToObj(Character::toString).toList())
                .list().ofMinSize(min).ofMaxSize(max).map(parts -> String.join("", parts));
    }

    sealed interface Step permits Edit, Rename, Publish {
    }

    /** Deletes up to {@code delete} code points at a relative position and inserts {@code insert} there. */
    record Edit(double at, int delete, String insert) implements Step {
        String applyTo(String content) {
            int[] codePoints = content.codePoints().toArray();
            int from = (int) Math.round(at * codePoints.length);
            int to = Math.min(codePoints.length, from + delete);
            return new String(codePoints, 0, from) + insert + new String(codePoints, to, codePoints.length - to);
        }
    }

    record Rename(String title, List<String> tags) implements Step {
    }

    record Publish() implements Step {
    }

    private static JsonNode current(ApiClient client, String id) {
        return client.get("/api/documents/" + id).body();
    }

    private static synchronized ApiClient alice() {
        if (service == null) {
            Map<String, Object> properties = new HashMap<>();
            TestPostgres.register((name, value) -> properties.put(name, value.get()));
            TestTokens.registerLocalIssuer((name, value) -> properties.put(name, value.get()));
            properties.put("server.port", "0");
            service = new SpringApplicationBuilder(SandstoneApplication.class).properties(properties).run();
            String baseUrl = "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
            ApiClient.Response token = new ApiClient(baseUrl, null).post("/local/token",
                    Map.of("sub", "alice-" + UUID.randomUUID().toString().substring(0, 8)));
            client = new ApiClient(baseUrl, token.body().get("access_token").asText());
        }
        return client;
    }

    @AfterContainer
    static synchronized void stopService() {
        if (service != null) {
            service.close();
            service = null;
        }
    }
}
