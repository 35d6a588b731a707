package dev.sandstone.command.collab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentContentStored;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentDeleted;
import dev.sandstone.api.document.event.DocumentMetadataUpdated;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.event.DocumentRoleRevoked;
import dev.sandstone.api.security.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live view of one document: folded from its events, advanced one version at a time, sent in order. */
class LiveDocumentTest {

    private static final String ID = "doc-1";
    private final ShareDbMessages messages = new ShareDbMessages(new ObjectMapper());
    private final LiveDocument document = new LiveDocument(ID, 3, messages);

    /** Everything here happens under the document's lock, as in the service. */
    @org.junit.jupiter.api.BeforeEach
    void lock() {
        document.lock.lock();
    }

    @org.junit.jupiter.api.AfterEach
    void unlock() {
        document.lock.unlock();
    }

    private static LiveDocument.StoredEvent event(long sequence, Object payload) {
        return new LiveDocument.StoredEvent(payload, sequence, Map.of());
    }

    private static TextDelta delta(Object... ops) {
        return new TextDelta(List.of(ops));
    }

    private static final class Recorder implements LiveDocument.Subscriber {
        final Actor actor;
        final List<String> sent = new ArrayList<>();
        final List<String> dropped = new ArrayList<>();

        Recorder(String user) {
            this.actor = Actor.user(user);
        }

        @Override
        public Actor actor() {
            return actor;
        }

        @Override
        public void send(String json) {
            sent.add(json);
        }

        @Override
        public void unsubscribed(LiveDocument document, String errorJson) {
            dropped.add(String.valueOf(errorJson));
        }
    }

    private void loaded(Object... payloads) {
        List<LiveDocument.StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            events.add(event(i, payloads[i]));
        }
        document.load(events);
    }

    @Test
    void the_fold_gives_the_text_and_the_version_rest_gives() {
        loaded(new DocumentCreated(ID, "t", "Hi 😀", List.of(), "alice"),
                new DocumentContentEdited(ID, delta(5L, " there")),
                new DocumentMetadataUpdated(ID, "renamed", List.of()));
        assertThat(document.version()).isEqualTo(3);
        assertThat(document.text()).isEqualTo("Hi 😀 there");
        assertThat(document.visibleTo(Actor.user("alice"))).isTrue();
        assertThat(document.visibleTo(Actor.user("mallory"))).isFalse();
    }

    @Test
    void a_rest_edit_becomes_a_text_unicode_op_counted_in_code_points() {
        loaded(new DocumentCreated(ID, "t", "😀😀", List.of(), "alice"));
        Recorder bob = new Recorder("alice");
        document.subscribe(bob);
        // The stored delta counts UTF-16 units: keep both emoji (4 units), insert "!".
        assertThat(document.fromStream(event(1, new DocumentContentEdited(ID, delta(4L, "!"))))).isTrue();
        assertThat(bob.sent).containsExactly(
                "{\"a\":\"op\",\"c\":\"documents\",\"d\":\"doc-1\",\"v\":1,\"src\":\"\",\"seq\":2,\"op\":[2,\"!\"]}");
    }

    @Test
    void an_event_already_seen_is_ignored_and_a_gap_asks_for_a_reload() {
        loaded(new DocumentCreated(ID, "t", "a", List.of(), "alice"),
                new DocumentMetadataUpdated(ID, "renamed", List.of()));
        assertThat(document.fromStream(event(1, new DocumentMetadataUpdated(ID, "again", List.of())))).isTrue();
        assertThat(document.version()).isEqualTo(2);
        assertThat(document.fromStream(event(3, new DocumentMetadataUpdated(ID, "later", List.of())))).isFalse();
        assertThat(document.version()).isEqualTo(2);
    }

    @Test
    void the_author_gets_the_ack_and_everyone_else_the_op() {
        loaded(new DocumentCreated(ID, "t", "abc", List.of(), "alice"));
        Recorder author = new Recorder("alice");
        Recorder other = new Recorder("alice");
        document.subscribe(author);
        document.subscribe(other);
        document.expectAck("src-1", 7, author, messages.ack(ID, "src-1", 7, 1));
        document.committedHere(2, delta(3L, "d"), "src-1", 7);
        assertThat(author.sent).containsExactly(
                "{\"a\":\"op\",\"c\":\"documents\",\"d\":\"doc-1\",\"src\":\"src-1\",\"seq\":7,\"v\":1}");
        assertThat(other.sent).containsExactly(
                "{\"a\":\"op\",\"c\":\"documents\",\"d\":\"doc-1\",\"v\":1,\"src\":\"src-1\",\"seq\":7,\"op\":[3,\"d\"]}");
        // The tail delivers the same version later: nothing is sent twice.
        java.util.Map<String, Object> metaData = Map.of(LiveEvents.META_SRC, "src-1", LiveEvents.META_SEQ, 7L);
        document.fromStream(new LiveDocument.StoredEvent(new DocumentContentEdited(ID, delta(3L, "d")), 1, metaData));
        assertThat(other.sent).hasSize(1);
        assertThat(document.text()).isEqualTo("abcd");
    }

    @Test
    void only_the_recent_operations_stay_in_memory() {
        loaded(new DocumentCreated(ID, "t", "", List.of(), "alice"),
                new DocumentContentEdited(ID, delta("a")),
                new DocumentContentEdited(ID, delta(1L, "b")),
                new DocumentContentEdited(ID, delta(2L, "c")),
                new DocumentContentEdited(ID, delta(3L, "d")));
        assertThat(document.since(5)).isEmpty();
        assertThat(document.since(2)).extracting(Committed::version).containsExactly(3L, 4L, 5L);
        assertThat(document.since(1)).as("older than memory: the caller reads the event store").isNull();
    }

    @Test
    void a_revoked_member_is_dropped_and_a_member_who_stays_is_not() {
        loaded(new DocumentCreated(ID, "t", "x", List.of(), "alice"),
                new DocumentRoleGranted(ID, "eve", DocumentRole.EDITOR),
                new DocumentRoleGranted(ID, "bob", DocumentRole.VIEWER));
        Recorder eve = new Recorder("eve");
        Recorder bob = new Recorder("bob");
        document.subscribe(eve);
        document.subscribe(bob);
        document.fromStream(event(3, new DocumentRoleRevoked(ID, "eve", DocumentRole.EDITOR)));
        assertThat(eve.dropped).singleElement().asString().contains("ERR_DOC_DOES_NOT_EXIST");
        assertThat(bob.dropped).isEmpty();
        assertThat(document.subscribers()).containsExactly(bob);
    }

    @Test
    void a_deleted_document_sends_del_and_ends_every_subscription() {
        loaded(new DocumentCreated(ID, "t", "x", List.of(), "alice"));
        Recorder alice = new Recorder("alice");
        document.subscribe(alice);
        document.fromStream(event(1, new DocumentDeleted(ID)));
        assertThat(alice.sent).singleElement().asString().contains("\"del\":true");
        assertThat(document.subscribers()).isEmpty();
        assertThat(document.exists()).isFalse();
    }

    @Test
    void content_moved_to_the_blob_store_ends_live_editing_with_a_clear_error() {
        loaded(new DocumentCreated(ID, "t", "x", List.of(), "alice"));
        Recorder alice = new Recorder("alice");
        document.subscribe(alice);
        document.fromStream(event(1, new DocumentContentStored(ID, List.of(), 300_000, "0".repeat(64))));
        assertThat(alice.dropped).singleElement().asString().contains("ERR_CONFLICT").contains("inline limit");
        assertThat(document.chunked()).isTrue();
    }
}
