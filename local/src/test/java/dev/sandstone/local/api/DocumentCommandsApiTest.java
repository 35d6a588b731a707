package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static dev.sandstone.local.api.ApiSteps.doc;
import static dev.sandstone.local.api.ApiSteps.grant;
import static dev.sandstone.local.api.ApiSteps.list;
import static dev.sandstone.local.api.ApiSteps.read;
import static dev.sandstone.local.api.ApiSteps.uniqueTag;
import static dev.sandstone.local.api.ApiSteps.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every write of the API on its success path: status, headers, body, and the state it leaves behind. */
class DocumentCommandsApiTest extends ApiTest {

    @Test
    void creating_a_document_answers_201_with_location_etag_id_and_version_1() {
        ApiClient alice = as(user("alice"));

        ApiClient.Response created = alice.post("/api/documents",
                json("title", "Plan", "content", "first", "tags", List.of("ops")));

        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(id).isNotBlank();
        assertThat(created.header("Location")).isEqualTo("/api/documents/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.body().get("version").asLong()).isEqualTo(1);
        assertThat(created.body().size()).as("body is {id, version}").isEqualTo(2);
    }

    @Test
    void creating_without_tags_gives_an_empty_tag_list() {
        ApiClient alice = as(user("alice"));

        ApiClient.Response created = alice.post("/api/documents", json("title", "No tags", "content", ""));

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode document = read(alice, created.body().get("id").asText());
        assertThat(document.get("tags").isArray()).isTrue();
        assertThat(document.get("tags")).isEmpty();
        assertThat(document.get("content").asText()).isEmpty();
    }

    @Test
    void replacing_the_content_answers_the_next_version_with_its_etag() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Notes", "one");

        ApiClient.Response edited = alice.ifMatch(1).put(doc(id) + "/content", json("content", "one two"));

        assertThat(edited.status()).as("%s", edited).isEqualTo(200);
        assertThat(edited.header("ETag")).isEqualTo("\"2\"");
        assertThat(edited.body().get("id").asText()).isEqualTo(id);
        assertThat(edited.body().get("version").asLong()).isEqualTo(2);
        JsonNode document = read(alice, id);
        assertThat(document.get("content").asText()).isEqualTo("one two");
        assertThat(document.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void content_round_trips_exactly_with_unicode_and_line_breaks() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Unicode", "a\r\nb");
        String content = "Zürich 日本語 😀 \"quoted\" \\ \n\tend\r\n";

        ApiClient.Response edited = alice.ifMatch(1).put(doc(id) + "/content", json("content", content));

        assertThat(edited.status()).as("%s", edited).isEqualTo(200);
        assertThat(read(alice, id).get("content").asText()).isEqualTo(content);
    }

    @Test
    void patching_the_title_keeps_the_tags_and_patching_the_tags_keeps_the_title() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Old title", "text", "a", "b");

        ApiClient.Response retitled = alice.ifMatch(1).patch(doc(id), json("title", "New title"));

        assertThat(retitled.status()).as("%s", retitled).isEqualTo(200);
        assertThat(retitled.header("ETag")).isEqualTo("\"2\"");
        assertThat(retitled.body().get("version").asLong()).isEqualTo(2);
        assertThat(retitled.body().get("id").asText()).isEqualTo(id);
        JsonNode afterTitle = read(alice, id);
        assertThat(afterTitle.get("title").asText()).isEqualTo("New title");
        assertThat(afterTitle.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");

        ApiClient.Response retagged = alice.ifMatch(2).patch(doc(id), json("tags", List.of("c")));

        assertThat(retagged.status()).as("%s", retagged).isEqualTo(200);
        assertThat(retagged.header("ETag")).isEqualTo("\"3\"");
        JsonNode afterTags = read(alice, id);
        assertThat(afterTags.get("title").asText()).isEqualTo("New title");
        assertThat(afterTags.get("tags").toString()).isEqualTo("[\"c\"]");
        assertThat(afterTags.get("content").asText()).isEqualTo("text");
    }

    @Test
    void metadata_may_also_be_sent_as_merge_patch() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Title", "text");

        ApiClient.Response patched = alice.ifMatch(1).send("PATCH", doc(id),
                "{\"title\":\"Merged\",\"tags\":[\"m\"]}", "application/merge-patch+json");

        assertThat(patched.status()).as("%s", patched).isEqualTo(200);
        JsonNode document = read(alice, id);
        assertThat(document.get("title").asText()).isEqualTo("Merged");
        assertThat(document.get("tags").toString()).isEqualTo("[\"m\"]");
    }

    @Test
    void publishing_numbers_the_published_versions_1_2_3() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Release", "v1");

        ApiClient.Response first = alice.post(doc(id) + "/publish", null);

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(first.header("Location")).isEqualTo(doc(id) + "/published/1");
        assertThat(first.body().get("publishedVersion").asInt()).isEqualTo(1);
        long afterFirst = first.body().get("documentVersion").asLong();
        assertThat(afterFirst).isEqualTo(2);
        assertThat(first.header("ETag")).isEqualTo("\"" + afterFirst + "\"");
        assertThat(version(alice, id)).isEqualTo(afterFirst);

        alice.ifMatch(afterFirst).put(doc(id) + "/content", json("content", "v2"));
        ApiClient.Response second = alice.post(doc(id) + "/publish", null);
        ApiClient.Response third = alice.post(doc(id) + "/publish", null);

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("Location")).isEqualTo(doc(id) + "/published/2");
        assertThat(second.body().get("publishedVersion").asInt()).isEqualTo(2);
        assertThat(third.status()).isEqualTo(201);
        assertThat(third.header("Location")).isEqualTo(doc(id) + "/published/3");
        assertThat(third.body().get("publishedVersion").asInt()).isEqualTo(3);
        assertThat(third.body().get("documentVersion").asLong()).isEqualTo(second.body().get("documentVersion").asLong() + 1);
        JsonNode document = read(alice, id);
        assertThat(document.get("status").asText()).isEqualTo("PUBLISHED");
        assertThat(document.get("latestPublishedVersion").asInt()).isEqualTo(3);
        assertThat(document.get("version").asLong()).isEqualTo(third.body().get("documentVersion").asLong());
    }

    @Test
    void publishing_with_the_current_if_match_succeeds() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Release", "v1");

        ApiClient.Response published = alice.ifMatch(1).post(doc(id) + "/publish", null);

        assertThat(published.status()).as("%s", published).isEqualTo(201);
        assertThat(published.body().get("publishedVersion").asInt()).isEqualTo(1);
    }

    @Test
    void a_document_goes_from_draft_to_published_to_archived() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Lifecycle", "text");
        assertThat(read(alice, id).get("status").asText()).isEqualTo("DRAFT");

        alice.post(doc(id) + "/publish", null);
        assertThat(read(alice, id).get("status").asText()).isEqualTo("PUBLISHED");

        ApiClient.Response archived = alice.post(doc(id) + "/archive", null);

        assertThat(archived.status()).as("%s", archived).isEqualTo(200);
        assertThat(archived.body().get("id").asText()).isEqualTo(id);
        assertThat(archived.body().get("version").asLong()).isEqualTo(3);
        assertThat(archived.header("ETag")).isEqualTo("\"3\"");
        JsonNode document = read(alice, id);
        assertThat(document.get("status").asText()).isEqualTo("ARCHIVED");
        assertThat(document.get("version").asLong()).isEqualTo(3);
        assertThat(document.get("latestPublishedVersion").asInt()).isEqualTo(1);

        assertThat(alice.ifMatch(3).delete(doc(id)).status()).as("an archived document can be deleted").isEqualTo(204);
        assertThat(alice.get(doc(id)).status()).isEqualTo(404);
    }

    @Test
    void a_draft_can_be_archived_directly() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Never published", "text");

        ApiClient.Response archived = alice.ifMatch(1).post(doc(id) + "/archive", null);

        assertThat(archived.status()).as("%s", archived).isEqualTo(200);
        assertThat(read(alice, id).get("status").asText()).isEqualTo("ARCHIVED");
    }

    @Test
    void a_deleted_document_is_404_for_everyone_and_gone_from_every_list() {
        String aliceId = user("alice");
        String bobId = user("bob");
        ApiClient alice = as(aliceId);
        ApiClient bob = as(bobId);
        ApiClient admin = as(user("ada"), "admin");
        ApiClient auditor = as(user("audrey"), "auditor");
        String tag = uniqueTag();
        String id = createDocument(alice, "Doomed", "text", tag);
        String kept = createDocument(alice, "Kept", "text", tag);
        grant(alice, id, bobId, "editor");
        alice.post(doc(id) + "/publish", null);

        ApiClient.Response deleted = alice.delete(doc(id));

        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        assertThat(deleted.raw().body()).isEmpty();
        for (ApiClient reader : List.of(alice, bob, admin, auditor)) {
            for (String path : List.of(doc(id), doc(id) + "/history", doc(id) + "/members", doc(id) + "/published",
                    doc(id) + "/published/1")) {
                assertProblem(reader.get(path), 404, "no such document");
            }
        }
        for (ApiClient reader : List.of(alice, admin, auditor)) {
            assertThat(ApiSteps.ids(list(reader, "?tag=" + tag))).containsExactly(kept);
            assertThat(list(reader, "?tag=" + tag).get("total").asLong()).isEqualTo(1);
        }
        assertThat(list(alice, "").get("total").asLong()).isEqualTo(1);
        assertThat(list(bob, "").get("total").asLong()).isZero();
    }

    @Test
    void a_deleted_document_takes_no_more_commands() {
        ApiClient alice = as(user("alice"));
        ApiClient admin = as(user("ada"), "admin");
        String id = createDocument(alice, "Doomed", "text");
        assertThat(alice.ifMatch(1).delete(doc(id)).status()).isEqualTo(204);

        assertThat(alice.ifMatch(2).put(doc(id) + "/content", json("content", "x")).status()).isEqualTo(404);
        assertThat(alice.ifMatch(2).patch(doc(id), json("title", "x")).status()).isEqualTo(404);
        assertThat(alice.post(doc(id) + "/publish", null).status()).isEqualTo(404);
        assertThat(alice.post(doc(id) + "/archive", null).status()).isEqualTo(404);
        assertThat(alice.put(doc(id) + "/members/" + user("bob"), json("role", "viewer")).status()).isEqualTo(404);
        assertThat(admin.delete(doc(id)).status()).isEqualTo(404);
    }

    @Test
    void the_owner_grants_changes_and_revokes_a_role() {
        ApiClient alice = as(user("alice"));
        String bobId = user("bob");
        String id = createDocument(alice, "Shared", "text");

        ApiClient.Response granted = alice.put(doc(id) + "/members/" + bobId, json("role", "viewer"));

        assertThat(granted.status()).as("%s", granted).isEqualTo(200);
        assertThat(granted.body().get("id").asText()).isEqualTo(id);
        assertThat(granted.body().get("version").asLong()).isEqualTo(2);
        assertThat(granted.header("ETag")).isEqualTo("\"2\"");
        assertThat(memberRole(alice, id, bobId)).isEqualTo("viewer");

        ApiClient.Response promoted = alice.put(doc(id) + "/members/" + bobId, json("role", "publisher"));

        assertThat(promoted.status()).as("%s", promoted).isEqualTo(200);
        assertThat(memberRole(alice, id, bobId)).isEqualTo("publisher");

        ApiClient.Response revoked = alice.delete(doc(id) + "/members/" + bobId);

        assertThat(revoked.status()).as("%s", revoked).isEqualTo(204);
        assertThat(memberRole(alice, id, bobId)).isNull();
        assertThat(as(bobId).get(doc(id)).status()).isEqualTo(404);
    }

    @Test
    void members_may_have_any_token_subject_as_user_id_dots_and_at_signs_included() {
        ApiClient alice = as(user("alice"));
        String bobId = user("bob.smith") + "@example.com";
        String id = createDocument(alice, "Shared", "text");

        grant(alice, id, bobId, "editor");

        ApiClient bob = as(bobId);
        assertThat(bob.get(doc(id)).status()).isEqualTo(200);
        assertThat(bob.ifMatch(2).put(doc(id) + "/content", json("content", "by bob")).status()).isEqualTo(200);
        assertThat(memberRole(alice, id, bobId)).isEqualTo("editor");
        assertThat(alice.delete(doc(id) + "/members/" + bobId).status()).isEqualTo(204);
        assertThat(bob.get(doc(id)).status()).isEqualTo(404);
    }

    @Test
    void revoking_someone_without_a_role_is_a_harmless_204() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Shared", "text");

        ApiClient.Response revoked = alice.delete(doc(id) + "/members/" + user("nobody"));

        assertThat(revoked.status()).as("%s", revoked).isEqualTo(204);
        assertThat(version(alice, id)).isEqualTo(1);
    }

    @Test
    void an_admin_may_run_every_command_on_someone_elses_document() {
        ApiClient alice = as(user("alice"));
        ApiClient admin = as(user("ada"), "admin");
        String bobId = user("bob");
        String id = createDocument(alice, "Alice's", "text");

        assertThat(admin.ifMatch(1).put(doc(id) + "/content", json("content", "by admin")).status()).isEqualTo(200);
        assertThat(admin.ifMatch(2).patch(doc(id), json("title", "Admin's")).status()).isEqualTo(200);
        assertThat(admin.put(doc(id) + "/members/" + bobId, json("role", "editor")).status()).isEqualTo(200);
        assertThat(admin.delete(doc(id) + "/members/" + bobId).status()).isEqualTo(204);
        assertThat(admin.post(doc(id) + "/publish", null).status()).isEqualTo(201);
        assertThat(admin.post(doc(id) + "/archive", null).status()).isEqualTo(200);
        assertThat(admin.delete(doc(id)).status()).isEqualTo(204);
        assertThat(alice.get(doc(id)).status()).isEqualTo(404);
    }

    private static String memberRole(ApiClient reader, String id, String userId) {
        ApiClient.Response members = reader.get(doc(id) + "/members");
        assertThat(members.status()).as("%s", members).isEqualTo(200);
        for (JsonNode member : members.body().get("items")) {
            if (member.get("userId").asText().equals(userId)) {
                return member.get("role").asText();
            }
        }
        return null;
    }
}
