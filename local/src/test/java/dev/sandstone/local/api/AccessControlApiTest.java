package dev.sandstone.local.api;

import static dev.sandstone.local.api.AccessControlApiTest.Caller.ADMIN;
import static dev.sandstone.local.api.AccessControlApiTest.Caller.AUDITOR;
import static dev.sandstone.local.api.AccessControlApiTest.Caller.EDITOR;
import static dev.sandstone.local.api.AccessControlApiTest.Caller.OWNER;
import static dev.sandstone.local.api.AccessControlApiTest.Caller.PUBLISHER;
import static dev.sandstone.local.api.AccessControlApiTest.Caller.STRANGER;
import static dev.sandstone.local.api.AccessControlApiTest.Caller.VIEWER;
import static dev.sandstone.local.api.ApiClient.json;
import static dev.sandstone.local.api.ApiSteps.doc;
import static dev.sandstone.local.api.ApiSteps.grant;
import static dev.sandstone.local.api.ApiSteps.ids;
import static dev.sandstone.local.api.ApiSteps.list;
import static dev.sandstone.local.api.ApiSteps.publish;
import static dev.sandstone.local.api.ApiSteps.uniqueTag;
import static dev.sandstone.local.api.ApiSteps.version;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what: owner ⊇ publisher ⊇ editor ⊇ viewer per document; admin does everything, auditor reads
 * everything and writes nothing; without a role a document does not exist (404), with too low a role it is 403.
 */
class AccessControlApiTest extends ApiTest {

    enum Caller { VIEWER, EDITOR, PUBLISHER, OWNER, STRANGER, AUDITOR, ADMIN }

    enum Operation {
        READ_DOCUMENT, READ_HISTORY, READ_MEMBERS, LIST_PUBLISHED, READ_PUBLISHED,
        EDIT_CONTENT, UPDATE_METADATA, PUBLISH, GRANT_ROLE, REVOKE_ROLE, ARCHIVE, DELETE;

        boolean destroys() {
            return this == ARCHIVE || this == DELETE;
        }

        boolean writes() {
            return ordinal() >= EDIT_CONTENT.ordinal();
        }
    }

    /** The expected status of each operation for each caller, in the order of {@link Caller}. */
    static Stream<Arguments> permissions() {
        //                                   viewer editor publisher owner stranger auditor admin
        return Stream.of(
                row(Operation.READ_DOCUMENT,   200,   200,   200,      200,  404,     200,    200),
                row(Operation.READ_HISTORY,    200,   200,   200,      200,  404,     200,    200),
                row(Operation.READ_MEMBERS,    200,   200,   200,      200,  404,     200,    200),
                row(Operation.LIST_PUBLISHED,  200,   200,   200,      200,  404,     200,    200),
                row(Operation.READ_PUBLISHED,  200,   200,   200,      200,  404,     200,    200),
                row(Operation.EDIT_CONTENT,    403,   200,   200,      200,  404,     403,    200),
                row(Operation.UPDATE_METADATA, 403,   200,   200,      200,  404,     403,    200),
                row(Operation.PUBLISH,         403,   403,   201,      201,  404,     403,    201),
                row(Operation.GRANT_ROLE,      403,   403,   403,      200,  404,     403,    200),
                row(Operation.REVOKE_ROLE,     403,   403,   403,      204,  404,     403,    204),
                row(Operation.ARCHIVE,         403,   403,   403,      200,  404,     403,    200),
                row(Operation.DELETE,          403,   403,   403,      204,  404,     403,    204))
                .flatMap(List::stream);
    }

    private static List<Arguments> row(Operation operation, int... statuses) {
        List<Arguments> row = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            row.add(Arguments.of(caller, operation, statuses[caller.ordinal()]));
        }
        return row;
    }

    @ParameterizedTest(name = "{1} by {0} is {2}")
    @MethodSource("permissions")
    void each_caller_gets_exactly_the_status_their_role_allows(Caller caller, Operation operation, int expected) {
        Scene scene = operation.destroys() && expected < 400 ? newScene(caller) : sharedScene();
        ApiClient admin = scene.clients().get(ADMIN);
        State before = State.of(admin, scene.id());

        ApiClient.Response response = perform(operation, scene, caller, before.version());

        assertThat(response.status()).as("%s by %s: %s", operation, caller, response).isEqualTo(expected);
        if (expected >= 400) {
            assertProblem(response, expected, expected == 404 ? "no such document" : "");
            assertThat(State.of(admin, scene.id())).as("a refused %s changes nothing", operation).isEqualTo(before);
        } else if (operation == Operation.DELETE) {
            assertThat(admin.get(doc(scene.id())).status()).isEqualTo(404);
        } else if (operation.writes()) {
            assertThat(version(admin, scene.id())).as("%s by %s changes the document", operation, caller)
                    .isGreaterThan(before.version());
        }
    }

    @Test
    void a_stranger_learns_nothing_from_a_stale_if_match_and_an_auditor_is_still_refused() {
        Scene scene = sharedScene();
        long current = version(scene.clients().get(ADMIN), scene.id());

        ApiClient.Response stranger = scene.clients().get(STRANGER).ifMatch(current + 100)
                .put(doc(scene.id()) + "/content", json("content", "x"));
        ApiClient.Response auditor = scene.clients().get(AUDITOR).ifMatch(current + 100)
                .put(doc(scene.id()) + "/content", json("content", "x"));

        assertProblem(stranger, 404, "no such document");
        assertThat(stranger.body().has("currentVersion")).isFalse();
        assertThat(stranger.header("ETag")).isNull();
        assertProblem(auditor, 403, "");
    }

    @Test
    void a_document_without_a_role_looks_exactly_like_one_that_does_not_exist() {
        Scene scene = sharedScene();
        ApiClient stranger = scene.clients().get(STRANGER);
        String missing = UUID.randomUUID().toString();

        for (String suffix : List.of("", "/history", "/members", "/published", "/published/1")) {
            ApiClient.Response hidden = stranger.get(doc(scene.id()) + suffix);
            ApiClient.Response absent = stranger.get(doc(missing) + suffix);
            assertThat(hidden.status()).isEqualTo(absent.status()).isEqualTo(404);
            assertThat(hidden.body().get("detail")).isEqualTo(absent.body().get("detail"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Caller.class, names = {"STRANGER", "ADMIN"})
    void anyone_but_an_auditor_may_create_a_document(Caller caller) {
        ApiClient client = caller == ADMIN ? as(user("ada"), "admin") : as(user("sam"));

        ApiClient.Response created = client.post("/api/documents", json("title", "Mine", "content", "x"));

        assertThat(created.status()).as("%s", created).isEqualTo(201);
    }

    @Test
    void an_auditor_may_not_create_a_document_and_nothing_is_created() {
        ApiClient auditor = as(user("audrey"), "auditor");
        String tag = uniqueTag();

        ApiClient.Response refused = auditor.post("/api/documents",
                json("title", "Audit", "content", "x", "tags", List.of(tag)));
        ApiClient.Response refusedWithKey = auditor.header("Idempotency-Key", "audit-1").post("/api/documents",
                json("title", "Audit", "content", "x", "tags", List.of(tag)));

        assertProblem(refused, 403, "auditor");
        assertProblem(refusedWithKey, 403, "auditor");
        assertThat(list(auditor, "?tag=" + tag).get("total").asLong()).isZero();
        assertThat(list(as(user("ada"), "admin"), "?tag=" + tag).get("total").asLong()).isZero();
    }

    @Test
    void an_auditor_who_is_also_admin_may_write() {
        ApiClient both = as(user("ada"), "auditor", "admin");
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Alice's", "x");

        assertThat(both.post("/api/documents", json("title", "Mine", "content", "x")).status()).isEqualTo(201);
        assertThat(both.ifMatch(1).put(doc(id) + "/content", json("content", "y")).status()).isEqualTo(200);
    }

    @Test
    void lists_show_only_documents_the_caller_may_view_and_auditors_and_admins_see_all() {
        String aliceId = user("alice");
        String bobId = user("bob");
        ApiClient alice = as(aliceId);
        ApiClient bob = as(bobId);
        ApiClient carol = as(user("carol"));
        ApiClient auditor = as(user("audrey"), "auditor");
        ApiClient admin = as(user("ada"), "admin");
        String tag = uniqueTag();
        String alices = createDocument(alice, "Alice's", "a", tag);
        String bobs = createDocument(bob, "Bob's", "b", tag);
        grant(alice, alices, bobId, "viewer");

        assertThat(ids(list(alice, "?tag=" + tag))).containsExactly(alices);
        assertThat(ids(list(bob, "?tag=" + tag))).containsExactlyInAnyOrder(alices, bobs);
        assertThat(ids(list(carol, "?tag=" + tag))).isEmpty();
        assertThat(list(carol, "").get("total").asLong()).isZero();
        assertThat(ids(list(auditor, "?tag=" + tag))).containsExactlyInAnyOrder(alices, bobs);
        assertThat(ids(list(admin, "?tag=" + tag))).containsExactlyInAnyOrder(alices, bobs);
        assertThat(list(bob, "?tag=" + tag).get("total").asLong()).isEqualTo(2);
    }

    @Test
    void a_promoted_member_gains_the_new_rights_and_a_demoted_one_loses_them() {
        String aliceId = user("alice");
        String bobId = user("bob");
        ApiClient alice = as(aliceId);
        ApiClient bob = as(bobId);
        String id = createDocument(alice, "Roles", "x");
        grant(alice, id, bobId, "viewer");
        assertThat(bob.ifMatch(2).put(doc(id) + "/content", json("content", "y")).status()).isEqualTo(403);

        grant(alice, id, bobId, "editor");
        assertThat(bob.ifMatch(3).put(doc(id) + "/content", json("content", "y")).status()).isEqualTo(200);
        assertThat(bob.post(doc(id) + "/publish", null).status()).isEqualTo(403);

        grant(alice, id, bobId, "viewer");
        assertThat(bob.ifMatch(5).put(doc(id) + "/content", json("content", "z")).status()).isEqualTo(403);
        assertThat(bob.get(doc(id)).body().get("content").asText()).isEqualTo("y");
    }

    @Test
    void members_are_managed_by_the_owner_only_even_a_publisher_cannot_grant() {
        String aliceId = user("alice");
        String bobId = user("bob");
        ApiClient alice = as(aliceId);
        ApiClient bob = as(bobId);
        String id = createDocument(alice, "Roles", "x");
        grant(alice, id, bobId, "publisher");

        assertProblem(bob.put(doc(id) + "/members/" + user("carol"), json("role", "viewer")), 403, "owner");
        assertProblem(bob.put(doc(id) + "/members/" + bobId, json("role", "publisher")), 403, "owner");
        assertProblem(bob.delete(doc(id) + "/members/" + aliceId), 403, "owner");
        assertThat(alice.get(doc(id) + "/members").body().get("items")).hasSize(2);
    }

    // ---- scenes ----

    /** A document with a viewer, an editor and a publisher, published once, and one revocable member per caller. */
    private record Scene(String id, Map<Caller, ApiClient> clients, Map<Caller, String> revocable) {
    }

    /** What a refused command must leave unchanged. */
    private record State(long version, String title, String content, String status, String members,
                         String published) {
        static State of(ApiClient admin, String id) {
            ApiClient.Response document = admin.get(doc(id));
            assertThat(document.status()).as("%s", document).isEqualTo(200);
            return new State(document.body().get("version").asLong(), document.body().get("title").asText(),
                    document.body().get("content").asText(), document.body().get("status").asText(),
                    admin.get(doc(id) + "/members").body().toString(),
                    admin.get(doc(id) + "/published").body().get("items").size() + "");
        }
    }

    private static Scene shared;
    private static int sharedPort;

    /** One scene for every operation that leaves the document usable; built once per server. */
    private synchronized Scene sharedScene() {
        if (shared == null || sharedPort != port) {
            shared = buildScene(null);
            sharedPort = port;
        }
        return shared;
    }

    /** A fresh document for an operation that ends it (only owner and admin get that far). */
    private Scene newScene(Caller caller) {
        return buildScene(caller);
    }

    private Scene buildScene(Caller only) {
        Map<Caller, ApiClient> clients = new EnumMap<>(Caller.class);
        Map<Caller, String> revocable = new EnumMap<>(Caller.class);
        String ownerId = user("owner");
        ApiClient owner = as(ownerId);
        String id = createDocument(owner, "Access", "original", "access");
        clients.put(OWNER, owner);
        for (Caller caller : List.of(VIEWER, EDITOR, PUBLISHER)) {
            String userId = user(caller.name().toLowerCase(Locale.ROOT));
            if (only == null || only == caller) {
                grant(owner, id, userId, caller.name().toLowerCase(Locale.ROOT));
            }
            clients.put(caller, as(userId));
        }
        clients.put(STRANGER, as(user("stranger")));
        clients.put(AUDITOR, as(user("audrey"), "auditor"));
        clients.put(ADMIN, as(user("ada"), "admin"));
        if (only == null) {
            publish(owner, id);
            for (Caller caller : Caller.values()) {
                String target = user("revocable-" + caller.name().toLowerCase(Locale.ROOT));
                grant(owner, id, target, "viewer");
                revocable.put(caller, target);
            }
        }
        return new Scene(id, clients, revocable);
    }

    private static ApiClient.Response perform(Operation operation, Scene scene, Caller caller, long version) {
        ApiClient client = scene.clients().get(caller);
        String path = doc(scene.id());
        return switch (operation) {
            case READ_DOCUMENT -> client.get(path);
            case READ_HISTORY -> client.get(path + "/history");
            case READ_MEMBERS -> client.get(path + "/members");
            case LIST_PUBLISHED -> client.get(path + "/published");
            case READ_PUBLISHED -> client.get(path + "/published/1");
            case EDIT_CONTENT -> client.ifMatch(version).put(path + "/content", json("content", "edited by " + caller));
            case UPDATE_METADATA -> client.ifMatch(version).patch(path, json("title", "Retitled by " + caller));
            case PUBLISH -> client.post(path + "/publish", null);
            case GRANT_ROLE -> client.put(path + "/members/" + user("newcomer"), json("role", "viewer"));
            case REVOKE_ROLE -> client.delete(path + "/members/" + scene.revocable().get(caller));
            case ARCHIVE -> client.post(path + "/archive", null);
            case DELETE -> client.delete(path);
        };
    }
}
