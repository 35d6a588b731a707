package dev.sandstone.local.api;

import static dev.sandstone.local.api.ApiClient.json;
import static dev.sandstone.local.api.ApiSteps.archive;
import static dev.sandstone.local.api.ApiSteps.doc;
import static dev.sandstone.local.api.ApiSteps.edit;
import static dev.sandstone.local.api.ApiSteps.grant;
import static dev.sandstone.local.api.ApiSteps.ids;
import static dev.sandstone.local.api.ApiSteps.list;
import static dev.sandstone.local.api.ApiSteps.publish;
import static dev.sandstone.local.api.ApiSteps.read;
import static dev.sandstone.local.api.ApiSteps.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every read of the API: the shapes of its answers, ETags, filters, paging and ordering. */
class DocumentQueriesApiTest extends ApiTest {

    @Test
    void a_document_reads_with_every_field_and_its_etag() {
        String aliceId = user("alice");
        ApiClient alice = as(aliceId);
        Instant before = Instant.now().minusSeconds(5);
        String id = createDocument(alice, "Spec", "body", "b", "a");

        ApiClient.Response response = alice.get(doc(id));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
        JsonNode document = response.body();
        assertThat(fieldNames(document.fieldNames())).containsExactlyInAnyOrder("id", "title", "content", "tags",
                "status", "version", "owner", "createdAt", "updatedAt", "latestPublishedVersion", "contentSize",
                "contentTruncated", "contentUrl");
        assertThat(document.get("id").asText()).isEqualTo(id);
        assertThat(document.get("title").asText()).isEqualTo("Spec");
        assertThat(document.get("content").asText()).isEqualTo("body");
        assertThat(document.get("tags").toString()).isEqualTo("[\"b\",\"a\"]");
        assertThat(document.get("status").asText()).isEqualTo("DRAFT");
        assertThat(document.get("version").asLong()).isEqualTo(1);
        assertThat(document.get("owner").asText()).isEqualTo(aliceId);
        Instant createdAt = Instant.parse(document.get("createdAt").asText());
        assertThat(createdAt).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(document.get("updatedAt").asText()).isEqualTo(document.get("createdAt").asText());
        assertThat(document.get("latestPublishedVersion").isNull()).isTrue();

        edit(alice, id, "body 2");
        JsonNode edited = read(alice, id);
        assertThat(Instant.parse(edited.get("updatedAt").asText())).isAfter(createdAt);
        assertThat(edited.get("createdAt").asText()).isEqualTo(document.get("createdAt").asText());
    }

    @Test
    void if_none_match_with_the_current_etag_answers_304_and_with_an_old_one_the_document() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Cached", "v1");

        ApiClient.Response notModified = alice.header("If-None-Match", "\"1\"").get(doc(id));

        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("ETag")).isEqualTo("\"1\"");
        assertThat(notModified.raw().body()).isEmpty();

        edit(alice, id, "v2");
        ApiClient.Response changed = alice.header("If-None-Match", "\"1\"").get(doc(id));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"2\"");
        assertThat(changed.body().get("content").asText()).isEqualTo("v2");
        assertThat(alice.header("If-None-Match", "\"1\", \"2\"").get(doc(id)).status()).isEqualTo(304);
    }

    @Test
    void if_none_match_on_a_document_the_caller_may_not_see_is_404_and_never_304() {
        ApiClient alice = as(user("alice"));
        ApiClient mallory = as(user("mallory"));
        String id = createDocument(alice, "Private", "secret");

        for (String ifNoneMatch : List.of("\"1\"", "*")) {
            ApiClient.Response response = mallory.header("If-None-Match", ifNoneMatch).get(doc(id));

            assertProblem(response, 404, "No such document");
            assertThat(response.header("ETag")).isNull();
        }
    }

    @Test
    void the_list_shows_summaries_without_content_most_recently_updated_first() {
        ApiClient alice = as(user("alice"));
        String first = createDocument(alice, "First", "1");
        String second = createDocument(alice, "Second", "2");
        String third = createDocument(alice, "Third", "3");
        edit(alice, first, "1 again");

        JsonNode page = list(alice, "");

        assertThat(ids(page)).containsExactly(first, third, second);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(20);
        assertThat(page.get("total").asLong()).isEqualTo(3);
        JsonNode item = page.get("items").get(0);
        assertThat(item.has("content")).as("no content in lists: %s", item).isFalse();
        assertThat(fieldNames(item.fieldNames())).contains("id", "title", "tags", "status", "version", "owner",
                "createdAt", "updatedAt");
        assertThat(item.get("title").asText()).isEqualTo("First");
        assertThat(item.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void the_list_filters_by_status_and_by_tag() {
        ApiClient alice = as(user("alice"));
        String draft = createDocument(alice, "Draft", "d", "red");
        String published = createDocument(alice, "Published", "p", "red", "blue");
        String archived = createDocument(alice, "Archived", "a", "blue");
        publish(alice, published);
        archive(alice, archived);

        assertThat(ids(list(alice, "?status=DRAFT"))).containsExactly(draft);
        assertThat(ids(list(alice, "?status=PUBLISHED"))).containsExactly(published);
        assertThat(ids(list(alice, "?status=ARCHIVED"))).containsExactly(archived);
        assertThat(ids(list(alice, "?tag=red"))).containsExactly(published, draft);
        assertThat(ids(list(alice, "?tag=blue"))).containsExactly(archived, published);
        assertThat(ids(list(alice, "?tag=blue&status=PUBLISHED"))).containsExactly(published);
        assertThat(list(alice, "?tag=green").get("total").asLong()).isZero();
        assertThat(list(alice, "?tag=red").get("total").asLong()).isEqualTo(2);
    }

    @Test
    void the_list_pages_with_page_size_and_total() {
        ApiClient alice = as(user("alice"));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, createDocument(alice, "Doc " + i, "c"));
        }

        JsonNode page0 = list(alice, "?page=0&size=2");
        JsonNode page1 = list(alice, "?page=1&size=2");
        JsonNode page2 = list(alice, "?page=2&size=2");
        JsonNode page3 = list(alice, "?page=3&size=2");

        assertThat(ids(page0)).containsExactlyElementsOf(created.subList(0, 2));
        assertThat(ids(page1)).containsExactlyElementsOf(created.subList(2, 4));
        assertThat(ids(page2)).containsExactlyElementsOf(created.subList(4, 5));
        assertThat(ids(page3)).isEmpty();
        for (JsonNode page : List.of(page0, page1, page2, page3)) {
            assertThat(page.get("size").asInt()).isEqualTo(2);
            assertThat(page.get("total").asLong()).isEqualTo(5);
        }
        assertThat(page1.get("page").asInt()).isEqualTo(1);
        assertThat(list(alice, "?size=100").get("size").asInt()).isEqualTo(100);
    }

    @Test
    void history_lists_every_change_newest_first_with_type_actor_and_summary() {
        String aliceId = user("alice");
        String bobId = user("bob");
        ApiClient alice = as(aliceId);
        ApiClient bob = as(bobId);
        String id = createDocument(alice, "Story", "once");
        grant(alice, id, bobId, "publisher");
        edit(bob, id, "once upon");
        assertThat(bob.ifMatch(3).patch(doc(id), json("title", "Story 2")).status()).isEqualTo(200);
        publish(bob, id);
        assertThat(alice.delete(doc(id) + "/members/" + bobId).status()).isEqualTo(204);
        archive(alice, id);

        ApiClient.Response response = alice.get(doc(id) + "/history");

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode history = response.body();
        JsonNode items = history.get("items");
        assertThat(texts(items, "type")).containsExactly("archived", "role_revoked", "published", "metadata_updated",
                "content_edited", "role_granted", "created");
        assertThat(texts(items, "version")).containsExactly("7", "6", "5", "4", "3", "2", "1");
        assertThat(texts(items, "actor")).containsExactly(aliceId, aliceId, bobId, bobId, bobId, aliceId, aliceId);
        items.forEach(item -> {
            assertThat(item.get("summary").asText()).isNotBlank();
            assertThat(Instant.parse(item.get("at").asText())).isBeforeOrEqualTo(Instant.now().plusSeconds(5));
        });
        assertThat(history.get("page").asInt()).isZero();
        assertThat(history.get("size").asInt()).isEqualTo(20);
        assertThat(history.get("total").asLong()).isEqualTo(7);
    }

    @Test
    void history_pages_newest_first() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Counting", "0");
        for (int i = 1; i <= 4; i++) {
            edit(alice, id, String.valueOf(i));
        }

        JsonNode page0 = alice.get(doc(id) + "/history?page=0&size=2").body();
        JsonNode page2 = alice.get(doc(id) + "/history?page=2&size=2").body();

        assertThat(texts(page0.get("items"), "version")).containsExactly("5", "4");
        assertThat(texts(page2.get("items"), "version")).containsExactly("1");
        assertThat(page2.get("items").get(0).get("type").asText()).isEqualTo("created");
        assertThat(page0.get("total").asLong()).isEqualTo(5);
        assertThat(page2.get("page").asInt()).isEqualTo(2);
        assertThat(page2.get("size").asInt()).isEqualTo(2);
    }

    @Test
    void a_published_version_keeps_its_content_and_title_exactly_as_published() {
        String aliceId = user("alice");
        String bobId = user("bob");
        ApiClient alice = as(aliceId);
        ApiClient bob = as(bobId);
        String id = createDocument(alice, "Title 1", "Content 1");
        grant(alice, id, bobId, "publisher");
        assertThat(publish(alice, id)).isEqualTo(1);
        edit(alice, id, "Content 2");
        assertThat(alice.ifMatch(4).patch(doc(id), json("title", "Title 2")).status()).isEqualTo(200);
        assertThat(publish(bob, id)).isEqualTo(2);
        edit(alice, id, "Content 3 (draft)");

        JsonNode first = alice.get(doc(id) + "/published/1").body();
        JsonNode second = alice.get(doc(id) + "/published/2").body();
        JsonNode all = alice.get(doc(id) + "/published").body();

        assertThat(first.get("publishedVersion").asInt()).isEqualTo(1);
        assertThat(first.get("documentVersion").asLong()).isEqualTo(3);
        assertThat(first.get("title").asText()).isEqualTo("Title 1");
        assertThat(first.get("content").asText()).isEqualTo("Content 1");
        assertThat(first.get("publishedBy").asText()).isEqualTo(aliceId);
        assertThat(Instant.parse(first.get("publishedAt").asText())).isNotNull();
        assertThat(second.get("title").asText()).isEqualTo("Title 2");
        assertThat(second.get("content").asText()).isEqualTo("Content 2");
        assertThat(second.get("publishedBy").asText()).isEqualTo(bobId);
        assertThat(second.get("documentVersion").asLong()).isEqualTo(6);

        JsonNode items = all.get("items");
        assertThat(texts(items, "publishedVersion")).containsExactly("1", "2");
        assertThat(texts(items, "title")).containsExactly("Title 1", "Title 2");
        assertThat(texts(items, "publishedBy")).containsExactly(aliceId, bobId);
        items.forEach(item -> {
            assertThat(item.has("content")).as("no content in the list: %s", item).isFalse();
            assertThat(item.get("publishedAt").asText()).isNotBlank();
            assertThat(item.get("documentVersion").asLong()).isPositive();
        });
        assertThat(read(alice, id).get("content").asText()).isEqualTo("Content 3 (draft)");
    }

    @Test
    void a_document_never_published_has_an_empty_published_list_and_no_version_1() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Draft", "text");

        ApiClient.Response none = alice.get(doc(id) + "/published");

        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body().get("items")).isEmpty();
        assertProblem(alice.get(doc(id) + "/published/1"), 404, "published version");
        publish(alice, id);
        assertProblem(alice.get(doc(id) + "/published/2"), 404, "published version");
        assertThat(alice.get(doc(id) + "/published/1").status()).isEqualTo(200);
    }

    @Test
    void members_list_the_owner_with_role_owner_and_every_member_with_their_role() {
        String aliceId = user("alice");
        String viewerId = user("vic");
        String editorId = user("eve");
        ApiClient alice = as(aliceId);
        String id = createDocument(alice, "Team", "text");
        grant(alice, id, viewerId, "viewer");
        grant(alice, id, editorId, "editor");

        ApiClient.Response members = as(viewerId).get(doc(id) + "/members");

        assertThat(members.status()).as("%s", members).isEqualTo(200);
        JsonNode items = members.body().get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("userId").asText()).isEqualTo(aliceId);
        assertThat(items.get(0).get("role").asText()).isEqualTo("owner");
        assertThat(texts(items, "userId")).containsExactlyInAnyOrder(aliceId, viewerId, editorId);
        for (JsonNode member : items) {
            String expected = member.get("userId").asText().equals(viewerId) ? "viewer"
                    : member.get("userId").asText().equals(editorId) ? "editor" : "owner";
            assertThat(member.get("role").asText()).isEqualTo(expected);
        }
    }

    private static List<String> fieldNames(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
