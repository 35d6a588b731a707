package dev.sandstone.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;
import dev.sandstone.platform.postgres.SchemaMigrations;
import dev.sandstone.platform.test.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The encryption seam against a real PostgreSQL key table: what is stored holds no plaintext, reads back whole while
 * the keys exist, reads as erased once a subject's key is destroyed, and fails loudly when ciphertext is altered.
 */
class EncryptingSerializerTest {

    private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String K2 = Base64.getEncoder().encodeToString("another-master-key-of-32-bytes!!"
            .getBytes(StandardCharsets.US_ASCII));

    private DriverManagerDataSource dataSource;
    private SubjectKeys keys;
    private EncryptingSerializer serializer;

    private final DocumentCreated created = new DocumentCreated("doc-1", "Salaries 2026", "Alice earns more than Bob",
            List.of("hr", "confidential"), "alice");

    @BeforeEach
    void freshKeyTable() {
        dataSource = new DriverManagerDataSource(TestPostgres.newDatabase(), "postgres", "");
        SchemaMigrations.of(dataSource, "classpath:db/eventstore", "flyway_history_eventstore").migrate();
        useMasterKeys(Map.of("k1", K1), "k1");
    }

    private void useMasterKeys(Map<String, String> masterKeys, String active) {
        CryptoProperties properties = new CryptoProperties(masterKeys, active, null, false, 1000, Duration.ofMinutes(1));
        keys = new SubjectKeys(dataSource, MasterKeyRing.from(properties), properties);
        serializer = new EncryptingSerializer(JacksonSerializer.defaultSerializer(), keys);
    }

    private String stored(Object object) {
        return new String(serializer.serialize(object, byte[].class).getData(), StandardCharsets.UTF_8);
    }

    private <T> T roundTrip(SerializedObject<byte[]> serialized) {
        return serializer.deserialize(serialized);
    }

    @Test
    void stores_no_personal_or_content_field_in_plaintext_and_reads_it_back_whole() {
        SerializedObject<byte[]> serialized = serializer.serialize(created, byte[].class);
        String json = new String(serialized.getData(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"documentId\":\"doc-1\"")
                .doesNotContain("Salaries", "Alice earns", "confidential", "\"alice\"");
        assertThat(serialized.getType().getName()).isEqualTo(DocumentCreated.class.getName());
        assertThat((DocumentCreated) roundTrip(serialized)).isEqualTo(created);
    }

    @Test
    void encrypts_the_actor_in_metadata_under_the_actors_key() {
        MetaData metaData = MetaData.with("actor", "alice").and("traceId", "t-1");

        SerializedObject<byte[]> serialized = serializer.serialize(metaData, byte[].class);

        assertThat(new String(serialized.getData(), StandardCharsets.UTF_8)).doesNotContain("alice").contains("t-1");
        assertThat((MetaData) roundTrip(serialized)).isEqualTo(metaData);
    }

    @Test
    void erasing_a_document_key_leaves_its_content_unreadable_and_other_subjects_intact() {
        SerializedObject<byte[]> event = serializer.serialize(created, byte[].class);
        SerializedObject<byte[]> other = serializer.serialize(
                new DocumentCreated("doc-2", "Kept", "Kept content", List.of("kept"), "alice"), byte[].class);
        SerializedObject<byte[]> edit = serializer.serialize(new DocumentContentEdited("doc-1",
                TextDelta.builder().retain(25).insert("!").build()), byte[].class);

        assertThat(keys.destroy(Subject.DOCUMENT, "doc-1")).isPresent();

        assertThat((DocumentCreated) roundTrip(event)).isEqualTo(
                new DocumentCreated("doc-1", PersonalData.ERASED, "", List.of(), "alice"));
        DocumentContentEdited erasedEdit = roundTrip(edit);
        assertThat(erasedEdit.delta().apply("")).isEmpty();
        assertThat(((DocumentCreated) roundTrip(other)).title()).isEqualTo("Kept");
    }

    @Test
    void erasing_a_user_key_erases_that_user_wherever_named() {
        SerializedObject<byte[]> event = serializer.serialize(created, byte[].class);
        SerializedObject<byte[]> grant = serializer.serialize(
                new DocumentRoleGranted("doc-1", "bob", DocumentRole.EDITOR), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(MetaData.with("actor", "alice"), byte[].class);

        keys.destroy(Subject.USER, "alice");

        assertThat(((DocumentCreated) roundTrip(event)).owner()).isEqualTo(PersonalData.ERASED);
        assertThat(((DocumentCreated) roundTrip(event)).title()).isEqualTo("Salaries 2026");
        assertThat(((MetaData) roundTrip(metaData)).get("actor")).isEqualTo(PersonalData.ERASED);
        assertThat(((DocumentRoleGranted) roundTrip(grant)).userId()).isEqualTo("bob");
    }

    @Test
    void altered_ciphertext_is_detected_never_read_as_erased() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode stored = (ObjectNode) mapper.readTree(stored(created));
        String title = stored.get("title").asText();
        char last = title.charAt(title.length() - 2);
        ObjectNode flipped = stored.deepCopy().put("title",
                title.substring(0, title.length() - 2) + (last == 'A' ? 'B' : 'A') + title.charAt(title.length() - 1));
        ObjectNode moved = stored.deepCopy().put("content", title);

        for (ObjectNode tampered : List.of(flipped, moved)) {
            SerializedObject<byte[]> serialized = new SimpleSerializedObject<>(mapper.writeValueAsBytes(tampered),
                    byte[].class, serializer.typeForClass(DocumentCreated.class));
            assertThatThrownBy(() -> serializer.deserialize(serialized)).isInstanceOf(TamperedDataException.class);
        }
    }

    @Test
    void a_wrapped_data_key_altered_in_the_table_is_detected() {
        SerializedObject<byte[]> event = serializer.serialize(created, byte[].class);
        new JdbcTemplate(dataSource).update(
                "UPDATE subject_key SET wrapped_key = set_byte(wrapped_key, 20, get_byte(wrapped_key, 20) # 1)");
        useMasterKeys(Map.of("k1", K1), "k1");

        assertThatThrownBy(() -> serializer.deserialize(event)).isInstanceOf(TamperedDataException.class);
    }

    @Test
    void rotating_the_master_key_rewraps_data_keys_without_touching_events() {
        SerializedObject<byte[]> event = serializer.serialize(created, byte[].class);
        useMasterKeys(Map.of("k1", K1, "k2", K2), "k2");

        assertThat(keys.keysPerMasterKey()).isEqualTo(Map.of("k1", 2L));
        assertThat(keys.rotate()).isEqualTo(2);
        assertThat(keys.keysPerMasterKey()).isEqualTo(Map.of("k2", 2L));
        assertThat(keys.rotate()).isZero();

        useMasterKeys(Map.of("k2", K2), "k2");
        assertThat((DocumentCreated) roundTrip(event)).isEqualTo(created);
    }

    @Test
    void a_data_key_under_a_master_key_no_longer_configured_is_an_error_not_an_erasure() {
        SerializedObject<byte[]> event = serializer.serialize(created, byte[].class);
        useMasterKeys(Map.of("k2", K2), "k2");

        assertThatThrownBy(() -> serializer.deserialize(event))
                .hasMessageContaining("master key 'k1', which is not configured");
    }

    @Test
    void plaintext_written_before_encryption_and_unmarked_types_pass_through() {
        byte[] legacy = "{\"documentId\":\"d\",\"title\":\"Old\",\"content\":\"c\",\"tags\":[],\"owner\":\"o\"}"
                .getBytes(StandardCharsets.UTF_8);
        DocumentCreated read = serializer.deserialize(new SimpleSerializedObject<>(legacy, byte[].class,
                serializer.typeForClass(DocumentCreated.class)));
        assertThat(read.title()).isEqualTo("Old");

        record Plain(String name) {
        }
        assertThat(stored(new Plain("visible"))).isEqualTo("{\"name\":\"visible\"}");
    }

    @Test
    void the_same_subject_gets_one_key_also_when_created_concurrently() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 8; i++) {
            CryptoProperties properties = new CryptoProperties(Map.of("k1", K1), "k1", null, false, 10,
                    Duration.ofMinutes(1));
            SubjectKeys own = new SubjectKeys(dataSource, MasterKeyRing.from(properties), properties);
            Thread thread = new Thread(() -> ids.add(own.keyOf(Subject.USER, "carol").id()));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(ids).hasSize(1);
    }
}
