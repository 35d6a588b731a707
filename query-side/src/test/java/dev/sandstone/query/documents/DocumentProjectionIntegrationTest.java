package dev.sandstone.query.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.document.event.DocumentArchived;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentDeleted;
import dev.sandstone.api.document.event.DocumentEvent;
import dev.sandstone.api.document.event.DocumentMetadataUpdated;
import dev.sandstone.api.document.event.DocumentPublished;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.event.DocumentRoleRevoked;
import dev.sandstone.api.document.query.DocumentView;
import dev.sandstone.api.document.query.MemberView;
import dev.sandstone.api.document.query.PublishedVersionView;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import dev.sandstone.queryside.QuerySideApplication;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The query side alone, on a real PostgreSQL, fed with document events through the real event store. */
@SpringBootTest(classes = QuerySideApplication.class,
        properties = "sandstone.security.local-issuer.enabled=true")
class DocumentProjectionIntegrationTest {

    private static final Actor SOMEONE = Actor.user("reader");
    private static final Actor AUDITOR = new Actor("audit", java.util.Set.of(Actor.AUDITOR));

    @Autowired
    EventStore eventStore;
    @Autowired
    ReadModelVersionWatch watch;
    @Autowired
    DocumentReadModel readModel;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        TestTokens.registerLocalIssuer(registry);
    }

    @Test
    void the_read_model_follows_a_documents_whole_life() {
        String id = UUID.randomUUID().toString();
        publish(id, "alice",
                new DocumentCreated(id, "Plan", "Hello world", List.of("a"), "alice"),
                new DocumentContentEdited(id, TextDelta.builder().retain(6).insert("brave ").retain(5).build()),
                new DocumentMetadataUpdated(id, "Plan B", List.of("a", "b")),
                new DocumentRoleGranted(id, "bob", DocumentRole.EDITOR),
                new DocumentPublished(id, 1, 5, "alice"),
                new DocumentContentEdited(id, TextDelta.builder().retain(17).insert("!").build()));

        DocumentView view = readModel.find(id, AUDITOR, true).orElseThrow();
        assertThat(view.content()).isEqualTo("Hello brave world!");
        assertThat(view.title()).isEqualTo("Plan B");
        assertThat(view.tags()).containsExactly("a", "b");
        assertThat(view.status()).isEqualTo(DocumentStatus.PUBLISHED);
        assertThat(view.version()).isEqualTo(6);
        assertThat(view.latestPublishedVersion()).isEqualTo(1);
        assertThat(readModel.members(id)).containsExactly(new MemberView("alice", "owner"), new MemberView("bob", "editor"));
        PublishedVersionView published = readModel.publishedVersion(id, 1).orElseThrow();
        assertThat(published.content()).isEqualTo("Hello brave world");
        assertThat(published.documentVersion()).isEqualTo(5);
        assertThat(historyTypes(id)).containsExactly("created", "content_edited", "metadata_updated", "role_granted",
                "published", "content_edited");
        assertThat(jdbc.sql("SELECT DISTINCT actor FROM document_history WHERE document_id = :id").param("id", id)
                .query(String.class).list()).containsExactly("alice");
    }

    @Test
    void a_burst_of_edits_appended_at_once_ends_in_the_same_read_model_as_one_at_a_time() {
        String id = UUID.randomUUID().toString();
        List<DocumentEvent> burst = new java.util.ArrayList<>();
        burst.add(new DocumentCreated(id, "Burst", "", List.of(), "alice"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            burst.add(new DocumentContentEdited(id, TextDelta.builder().retain(text.length()).insert(i + ",").build()));
            text.append(i).append(',');
            if (i == 10) {
                burst.add(new DocumentPublished(id, 1, burst.size() + 1, "alice"));
            }
            if (i == 20) {
                burst.add(new DocumentMetadataUpdated(id, "Burst, renamed", List.of()));
            }
        }

        publishAtOnce(id, "alice", burst);

        DocumentView view = readModel.find(id, AUDITOR, true).orElseThrow();
        assertThat(view.content()).isEqualTo(text.toString());
        assertThat(view.title()).isEqualTo("Burst, renamed");
        assertThat(view.version()).isEqualTo(burst.size());
        assertThat(readModel.publishedVersion(id, 1).orElseThrow().content()).isEqualTo("0,1,2,3,4,5,6,7,8,9,10,");
        assertThat(historyTypes(id)).hasSize(burst.size());
        // The audit processor writes the burst's records in one batch too, each chained to the one before.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM audit_records WHERE document_id = :id").param("id", id).query(Long.class)
                .single() == burst.size());
        List<Map<String, Object>> records = jdbc.sql("SELECT version, hash, previous_hash FROM audit_records "
                + "WHERE document_id = :id ORDER BY version").param("id", id).query().listOfRows();
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).get("version")).isEqualTo((long) i + 1);
            assertThat(String.valueOf(records.get(i).get("previous_hash")).trim()).as("link of version %d", i + 1)
                    .isEqualTo(i == 0 ? "" : String.valueOf(records.get(i - 1).get("hash")).trim());
        }
    }

    @Test
    void only_members_see_a_document_and_revoked_or_deleted_ones_disappear() {
        String id = UUID.randomUUID().toString();
        publish(id, "carol",
                new DocumentCreated(id, "Secret", "x", List.of(), "carol"),
                new DocumentRoleGranted(id, "reader", DocumentRole.VIEWER));
        assertThat(readModel.find(id, SOMEONE, false)).isPresent();
        assertThat(readModel.find(id, Actor.user("stranger"), false)).isEmpty();

        publish(id, "carol", 2, new DocumentRoleRevoked(id, "reader", DocumentRole.VIEWER),
                new DocumentArchived(id));
        assertThat(readModel.find(id, SOMEONE, false)).isEmpty();
        assertThat(readModel.find(id, AUDITOR, false).orElseThrow().status()).isEqualTo(DocumentStatus.ARCHIVED);

        publish(id, "carol", 4, new DocumentDeleted(id));
        assertThat(readModel.find(id, AUDITOR, false)).isEmpty();
    }

    @Test
    void applying_the_same_event_twice_changes_nothing() {
        String id = UUID.randomUUID().toString();
        publish(id, "dave",
                new DocumentCreated(id, "Twice", "abc", List.of(), "dave"),
                new DocumentContentEdited(id, TextDelta.builder().retain(3).insert("d").build()));
        DocumentProjection projection = new DocumentProjection(readModel);
        java.time.Instant at = java.time.Instant.now();

        projection.on(new DocumentContentEdited(id, TextDelta.builder().retain(3).insert("d").build()), 1, at);
        projection.on(new DocumentRoleGranted(id, "eve", DocumentRole.VIEWER), 0, at);

        DocumentView view = readModel.find(id, AUDITOR, true).orElseThrow();
        assertThat(view.content()).isEqualTo("abcd");
        assertThat(view.version()).isEqualTo(2);
        assertThat(readModel.members(id)).extracting(MemberView::userId).containsExactly("dave");
    }

    @Test
    void a_replay_from_the_start_rebuilds_the_same_read_model() {
        String id = UUID.randomUUID().toString();
        publish(id, "frank",
                new DocumentCreated(id, "Replay", "one", List.of("r"), "frank"),
                new DocumentContentEdited(id, TextDelta.builder().retain(3).insert(" two").build()),
                new DocumentPublished(id, 1, 3, "frank"),
                new DocumentRoleGranted(id, "gina", DocumentRole.PUBLISHER));
        DocumentView before = readModel.find(id, AUDITOR, true).orElseThrow();
        List<String> historyBefore = historyTypes(id);

        StreamingEventProcessor processor = processing
                .eventProcessor(DocumentProjection.GROUP, StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(readModel.version(id)).isEmpty();
        processor.start();
        assertThat(watch.awaitDocumentVersion(id, 4)).isTrue();

        assertThat(readModel.find(id, AUDITOR, true).orElseThrow()).isEqualTo(before);
        assertThat(historyTypes(id)).isEqualTo(historyBefore);
        assertThat(readModel.members(id)).extracting(MemberView::role).containsExactly("owner", "publisher");
    }

    private List<String> historyTypes(String id) {
        return jdbc.sql("SELECT type FROM document_history WHERE document_id = :id ORDER BY version")
                .param("id", id).query(String.class).list();
    }

    /** The events appended in one call, so the processor handles them in one batch. */
    private void publishAtOnce(String id, String actor, List<DocumentEvent> events) {
        List<GenericDomainEventMessage<DocumentEvent>> messages = new java.util.ArrayList<>();
        for (DocumentEvent event : events) {
            messages.add(new GenericDomainEventMessage<>("Document", id, messages.size(), event,
                    Map.of(Actor.META_ACTOR, actor)));
        }
        eventStore.publish(messages);
        assertThat(watch.awaitDocumentVersion(id, events.size())).as("read model reaches version %d", events.size())
                .isTrue();
    }

    private void publish(String id, String actor, DocumentEvent... events) {
        publish(id, actor, 0, events);
    }

    private void publish(String id, String actor, long firstSequence, DocumentEvent... events) {
        long sequence = firstSequence;
        for (DocumentEvent event : events) {
            eventStore.publish(new GenericDomainEventMessage<>("Document", id, sequence++, event,
                    Map.of(Actor.META_ACTOR, actor)));
        }
        assertThat(watch.awaitDocumentVersion(id, sequence)).as("read model reaches version %d", sequence).isTrue();
    }
}
