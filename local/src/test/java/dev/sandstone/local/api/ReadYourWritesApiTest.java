package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static dev.sandstone.local.api.ApiSteps.doc;
import static dev.sandstone.local.api.ApiSteps.grant;
import static dev.sandstone.local.api.ApiSteps.ids;
import static dev.sandstone.local.api.ApiSteps.list;
import static dev.sandstone.local.api.ApiSteps.texts;
import static dev.sandstone.local.api.ApiSteps.uniqueTag;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After any 2xx command response, the very next read (no sleep, no retry, often by someone else) of the document,
 * its history, members, published versions and the lists already shows the change.
 */
class ReadYourWritesApiTest extends ApiTest {

    @Test
    void a_created_document_is_at_once_readable_listed_and_in_its_history() {
        String aliceId = user("alice");
        ApiClient alice = as(aliceId);
        ApiClient auditor = as(user("audrey"), "auditor");
        String tag = uniqueTag();

        for (int i = 0; i < 3; i++) {
            ApiClient.Response created = alice.post("/api/documents",
                    json("title", "Doc " + i, "content", "c" + i, "tags", List.of(tag)));
            assertThat(created.status()).isEqualTo(201);
            String id = created.body().get("id").asText();

            ApiClient.Response read = auditor.get(doc(id));
            assertThat(read.status()).as("read right after create #%s", i).isEqualTo(200);
            assertThat(read.body().get("content").asText()).isEqualTo("c" + i);
            assertThat(read.header("ETag")).isEqualTo(created.header("ETag"));
            assertThat(ids(list(alice, "")).get(0)).isEqualTo(id);
            assertThat(list(auditor, "?tag=" + tag).get("total").asLong()).isEqualTo(i + 1);
            JsonNode history = auditor.get(doc(id) + "/history").body();
            assertThat(texts(history.get("items"), "type")).containsExactly("created");
            assertThat(history.get("items").get(0).get("actor").asText()).isEqualTo(aliceId);
            assertThat(alice.get(doc(id) + "/members").body().get("items").get(0).get("role").asText())
                    .isEqualTo("owner");
        }
    }

    @Test
    void every_content_edit_is_seen_at_once_by_another_member_with_its_etag_and_history() {
        String aliceId = user("alice");
        String bobId = user("bob");
        ApiClient alice = as(aliceId);
        ApiClient bob = as(bobId);
        String id = createDocument(alice, "Live", "0");
        grant(alice, id, bobId, "viewer");
        long version = 2;

        for (int i = 1; i <= 8; i++) {
            ApiClient.Response edited = alice.ifMatch(version).put(doc(id) + "/content", json("content", "edit " + i));
            assertThat(edited.status()).as("%s", edited).isEqualTo(200);
            version = edited.body().get("version").asLong();

            ApiClient.Response read = bob.get(doc(id));
            assertThat(read.body().get("content").asText()).as("content right after edit #%s", i).isEqualTo("edit " + i);
            assertThat(read.body().get("version").asLong()).isEqualTo(version);
            assertThat(read.header("ETag")).isEqualTo(edited.header("ETag"));
            JsonNode history = bob.get(doc(id) + "/history?size=1").body();
            assertThat(history.get("total").asLong()).isEqualTo(version);
            assertThat(history.get("items").get(0).get("type").asText()).isEqualTo("content_edited");
            assertThat(history.get("items").get(0).get("actor").asText()).isEqualTo(aliceId);
        }
    }

    @Test
    void a_metadata_change_is_seen_at_once_in_the_document_and_in_the_list() {
        String bobId = user("bob");
        ApiClient alice = as(user("alice"));
        ApiClient bob = as(bobId);
        String id = createDocument(alice, "Before", "x", "old");
        grant(alice, id, bobId, "editor");

        ApiClient.Response patched = bob.ifMatch(2).patch(doc(id), json("title", "After", "tags", List.of("new")));

        assertThat(patched.status()).as("%s", patched).isEqualTo(200);
        JsonNode document = alice.get(doc(id)).body();
        assertThat(document.get("title").asText()).isEqualTo("After");
        assertThat(document.get("tags").toString()).isEqualTo("[\"new\"]");
        assertThat(texts(list(alice, "?tag=new").get("items"), "title")).containsExactly("After");
        assertThat(list(alice, "?tag=old").get("total").asLong()).isZero();
        JsonNode latest = alice.get(doc(id) + "/history").body().get("items").get(0);
        assertThat(latest.get("type").asText()).isEqualTo("metadata_updated");
        assertThat(latest.get("actor").asText()).isEqualTo(bobId);
    }

    @Test
    void a_publication_is_seen_at_once_in_published_versions_status_and_history() {
        String aliceId = user("alice");
        String bobId = user("bob");
        ApiClient alice = as(aliceId);
        ApiClient bob = as(bobId);
        String id = createDocument(alice, "Release", "r0");
        grant(alice, id, bobId, "viewer");

        for (int n = 1; n <= 3; n++) {
            ApiSteps.edit(alice, id, "r" + n);
            ApiClient.Response published = alice.post(doc(id) + "/publish", null);
            assertThat(published.status()).isEqualTo(201);

            ApiClient.Response version = bob.get(published.header("Location"));
            assertThat(version.status()).as("published version %s right after publishing", n).isEqualTo(200);
            assertThat(version.body().get("content").asText()).isEqualTo("r" + n);
            assertThat(version.body().get("publishedBy").asText()).isEqualTo(aliceId);
            assertThat(bob.get(doc(id) + "/published").body().get("items")).hasSize(n);
            JsonNode document = bob.get(doc(id)).body();
            assertThat(document.get("status").asText()).isEqualTo("PUBLISHED");
            assertThat(document.get("latestPublishedVersion").asInt()).isEqualTo(n);
            assertThat(bob.get(doc(id) + "/history").body().get("items").get(0).get("type").asText())
                    .isEqualTo("published");
        }
        assertThat(ids(list(bob, "?status=PUBLISHED"))).containsExactly(id);
    }

    @Test
    void a_granted_member_sees_the_document_at_once_and_a_revoked_one_gets_404_at_once() {
        String aliceId = user("alice");
        ApiClient alice = as(aliceId);
        String id = createDocument(alice, "Shared", "text");

        for (int i = 0; i < 3; i++) {
            String bobId = user("bob");
            ApiClient bob = as(bobId);
            assertThat(bob.get(doc(id)).status()).isEqualTo(404);

            ApiClient.Response granted = alice.put(doc(id) + "/members/" + bobId, json("role", "viewer"));
            assertThat(granted.status()).isEqualTo(200);
            assertThat(bob.get(doc(id)).status()).as("read right after grant #%s", i).isEqualTo(200);
            assertThat(bob.get(doc(id) + "/history").status()).isEqualTo(200);
            assertThat(bob.get(doc(id) + "/published").status()).isEqualTo(200);
            assertThat(ids(list(bob, ""))).containsExactly(id);
            assertThat(texts(bob.get(doc(id) + "/members").body().get("items"), "userId")).contains(bobId);
            assertThat(alice.get(doc(id) + "/history").body().get("items").get(0).get("type").asText())
                    .isEqualTo("role_granted");

            ApiClient.Response revoked = alice.delete(doc(id) + "/members/" + bobId);
            assertThat(revoked.status()).isEqualTo(204);
            assertProblem(bob.get(doc(id)), 404, "no such document");
            assertThat(bob.get(doc(id) + "/history").status()).isEqualTo(404);
            assertThat(bob.get(doc(id) + "/members").status()).isEqualTo(404);
            assertThat(bob.get(doc(id) + "/published").status()).isEqualTo(404);
            assertThat(list(bob, "").get("total").asLong()).isZero();
            assertThat(texts(alice.get(doc(id) + "/members").body().get("items"), "userId")).doesNotContain(bobId);
            JsonNode latest = alice.get(doc(id) + "/history").body().get("items").get(0);
            assertThat(latest.get("type").asText()).isEqualTo("role_revoked");
            assertThat(latest.get("actor").asText()).isEqualTo(aliceId);
        }
    }

    @Test
    void an_archival_is_seen_at_once_by_a_member_and_in_the_filtered_list() {
        String bobId = user("bob");
        ApiClient alice = as(user("alice"));
        ApiClient bob = as(bobId);
        String id = createDocument(alice, "Old", "text");
        grant(alice, id, bobId, "editor");

        ApiClient.Response archived = alice.post(doc(id) + "/archive", null);

        assertThat(archived.status()).isEqualTo(200);
        assertThat(bob.get(doc(id)).body().get("status").asText()).isEqualTo("ARCHIVED");
        assertThat(ids(list(bob, "?status=ARCHIVED"))).containsExactly(id);
        assertThat(list(bob, "?status=DRAFT").get("total").asLong()).isZero();
        assertThat(bob.get(doc(id) + "/history").body().get("items").get(0).get("type").asText()).isEqualTo("archived");
    }

    @Test
    void a_deletion_is_seen_at_once_by_members_admins_and_lists() {
        String bobId = user("bob");
        ApiClient alice = as(user("alice"));
        ApiClient bob = as(bobId);
        ApiClient admin = as(user("ada"), "admin");
        String tag = uniqueTag();

        for (int i = 0; i < 3; i++) {
            String id = createDocument(alice, "Doomed " + i, "text", tag);
            grant(alice, id, bobId, "viewer");

            assertThat(alice.delete(doc(id)).status()).isEqualTo(204);
            assertThat(bob.get(doc(id)).status()).as("read right after delete #%s", i).isEqualTo(404);
            assertThat(admin.get(doc(id)).status()).isEqualTo(404);
            assertThat(alice.get(doc(id) + "/members").status()).isEqualTo(404);
            assertThat(list(bob, "").get("total").asLong()).isZero();
            assertThat(list(admin, "?tag=" + tag).get("total").asLong()).isZero();
        }
    }
}
