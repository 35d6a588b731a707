package dev.sandstone.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.document.command.CommandResult;
import dev.sandstone.api.document.command.CreateDocument;
import dev.sandstone.api.document.command.EditDocumentContent;
import dev.sandstone.api.document.StoredContent;
import dev.sandstone.api.document.command.StoreDocumentContent;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentContentStored;
import dev.sandstone.command.document.ContentUploads;
import dev.sandstone.api.security.Actor;
import dev.sandstone.commandside.CommandSideApplication;
import dev.sandstone.platform.test.TestBlobs;
import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The command side alone against a real PostgreSQL: the stored shape of events, deltas and snapshots. */
@SpringBootTest(classes = CommandSideApplication.class,
        properties = {"sandstone.security.local-issuer.enabled=true", "sandstone.documents.snapshot-threshold=100"})
class EventStoreIntegrationTest {

    private static final Actor ALICE = Actor.user("alice");

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ContentUploads uploads;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        TestTokens.registerLocalIssuer(registry);
        TestBlobs.register(registry);
    }

    @Test
    void payloads_metadata_and_tokens_are_bytea_never_large_objects() {
        List<String> types = jdbc.sql("""
                        SELECT table_name || '.' || column_name || '=' || data_type FROM information_schema.columns
                        WHERE column_name IN ('payload', 'meta_data', 'token') ORDER BY 1""")
                .query(String.class).list();
        assertThat(types).containsExactly(
                "domain_event_entry.meta_data=bytea", "domain_event_entry.payload=bytea",
                "snapshot_event_entry.meta_data=bytea", "snapshot_event_entry.payload=bytea");
    }

    @Test
    void the_global_index_comes_from_its_own_sequence_incremented_by_one() {
        Long increment = jdbc.sql("SELECT increment_by FROM pg_sequences WHERE sequencename = "
                + "'domain_event_entry_global_index_seq'").query(Long.class).single();
        assertThat(increment).isEqualTo(1);
        String columnDefault = jdbc.sql("SELECT column_default FROM information_schema.columns "
                + "WHERE table_name = 'domain_event_entry' AND column_name = 'global_index'").query(String.class).single();
        assertThat(columnDefault).contains("domain_event_entry_global_index_seq");
    }

    @Test
    void events_are_stored_as_json_with_personal_fields_and_the_actor_encrypted() {
        String id = create("Plain title", "Secret text");
        String payload = jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = :id").param("id", id).query(String.class).single();
        String metaData = jdbc.sql("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = :id").param("id", id).query(String.class).single();
        assertThat(payload).startsWith("{").contains("\"documentId\":\"" + id + "\"").contains("\"title\":\"ss1:")
                .doesNotContain("Plain title", "Secret text", "alice");
        assertThat(metaData).contains("\"actor\":\"ss1:").doesNotContain("alice");
    }

    @Test
    void a_one_character_edit_to_an_inline_document_stores_a_delta_well_under_a_kilobyte() {
        String content = "lorem ipsum dolor sit amet\n".repeat(9_000);
        String id = create("Inline", content);
        String edited = content.substring(0, 120_000) + "X" + content.substring(120_001);

        CommandResult result = send(new EditDocumentContent(id, edited, 1));

        assertThat(result.version()).isEqualTo(2);
        assertThat(payloadSize(id, 1)).isLessThan(1024);
        DomainEventMessage<?> stored = eventStore.readEvents(id).asStream().reduce((a, b) -> b).orElseThrow();
        assertThat(((DocumentContentEdited) stored.getPayload()).delta().apply(content)).isEqualTo(edited);
    }

    @Test
    void a_one_character_edit_to_a_megabyte_document_stores_chunk_references_well_under_a_kilobyte() {
        String content = "lorem ipsum dolor sit amet\n".repeat(40_000);
        String id = create("Big", "");
        send(new StoreDocumentContent(id, stored(id, content), 1));
        String edited = content.substring(0, 500_000) + "X" + content.substring(500_001);

        CommandResult result = send(new StoreDocumentContent(id, stored(id, edited), 2));

        assertThat(result.version()).isEqualTo(3);
        assertThat(payloadSize(id, 1)).isLessThan(1024);
        assertThat(payloadSize(id, 2)).isLessThan(1024);
        DocumentContentStored last = (DocumentContentStored) eventStore.readEvents(id).asStream()
                .reduce((a, b) -> b).orElseThrow().getPayload();
        assertThat(last.size()).isEqualTo(edited.length());
    }

    private StoredContent stored(String documentId, String content) {
        return ((ContentUploads.Stored) uploads.of(documentId, content)).content();
    }

    private Integer payloadSize(String id, long sequence) {
        return jdbc.sql("SELECT octet_length(payload) FROM domain_event_entry "
                        + "WHERE aggregate_identifier = :id AND sequence_number = :sequence")
                .param("id", id).param("sequence", sequence).query(Integer.class).single();
    }

    @Test
    void a_document_with_ten_thousand_edits_is_snapshotted_so_later_loads_read_few_events() {
        String id = create("Long history", "");
        List<DomainEventMessage<?>> edits = new ArrayList<>();
        for (long sequence = 1; sequence <= 10_000; sequence++) {
            edits.add(new GenericDomainEventMessage<>("Document", id, sequence,
                    new DocumentContentEdited(id, TextDelta.builder().retain(sequence - 1).insert("x").build()),
                    ALICE.toMetaData()));
        }
        DefaultUnitOfWork.startAndGet(null).execute(() -> eventStore.publish(edits));

        CommandResult first = send(new EditDocumentContent(id, "x".repeat(10_000) + "!", 10_001));
        CommandResult second = send(new EditDocumentContent(id, "x".repeat(10_000) + "!?", first.version()));

        assertThat(second.version()).isEqualTo(10_003);
        Long snapshotSequence = jdbc.sql("SELECT max(sequence_number) FROM snapshot_event_entry "
                + "WHERE aggregate_identifier = :id").param("id", id).query(Long.class).single();
        assertThat(snapshotSequence).isGreaterThanOrEqualTo(10_000);
        Long eventsAfterSnapshot = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id "
                + "AND sequence_number > :snapshot").param("id", id).param("snapshot", snapshotSequence)
                .query(Long.class).single();
        assertThat(eventsAfterSnapshot).isLessThanOrEqualTo(100);
        String snapshot = jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM snapshot_event_entry "
                + "WHERE aggregate_identifier = :id AND sequence_number = :sequence").param("id", id)
                .param("sequence", snapshotSequence).query(String.class).single();
        assertThat(snapshot).contains("\"content\":\"ss1:").doesNotContain("Long history", "xxxx", "alice");
    }

    private String create(String title, String content) {
        String id = UUID.randomUUID().toString();
        send(new CreateDocument(id, title, content, List.of()));
        return id;
    }

    private <R> R send(Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(ALICE.toMetaData()));
    }

}
