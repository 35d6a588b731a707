package dev.sandstone.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.api.audit.AuditPage;
import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.audit.AuditVerification;
import dev.sandstone.api.audit.FindAuditRecords;
import dev.sandstone.api.audit.VerifyAuditChain;
import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentEvent;
import dev.sandstone.api.document.event.DocumentMetadataUpdated;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.query.FindDocumentHistory;
import dev.sandstone.api.document.query.HistoryEntry;
import dev.sandstone.api.document.query.HistoryPage;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.test.TestMongo;
import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import dev.sandstone.platform.web.DependencyUnavailableException;
import dev.sandstone.query.Queries;
import dev.sandstone.query.audit.mongodb.MongoAuditIndexes;
import dev.sandstone.query.history.HistoryPruning;
import dev.sandstone.queryside.QuerySideApplication;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The full-stack audit trail: records archived in MongoDB (a wire-protocol server the build runs), PostgreSQL
 * history pruned to a window only once archived, history paged seamlessly across both, and a MongoDB outage that
 * loses nothing.
 */
@SpringBootTest(classes = QuerySideApplication.class, properties = {
        "sandstone.security.local-issuer.enabled=true", "sandstone.audit.archive=mongodb",
        "sandstone.audit.mongodb.timeout=2s", "sandstone.history.window=90d"})
class MongoAuditArchiveTest {

    private static final Actor AUDITOR = new Actor("audrey", Set.of(Actor.AUDITOR));
    private static final Actor OWNER = Actor.user("alice");
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Instant LONG_AGO = Instant.now().minus(200, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    EventStore eventStore;
    @Autowired
    Queries queries;
    @Autowired
    AuditArchive archive;
    @Autowired
    HistoryPruning pruning;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    AuditProperties properties;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        TestMongo.register(registry);
        registry.add("sandstone.audit.mongodb.collection", () -> "audit_" + UUID.randomUUID().toString().substring(0, 8));
        TestTokens.registerLocalIssuer(registry);
    }

    @AfterEach
    void everythingIsBack() {
        TestMongo.shared().start();
        auditProcessor().start();
    }

    @Test
    void every_event_is_archived_once_chained_and_filterable() {
        String id = document(5, LONG_AGO, 0);
        awaitArchived(id, 5);
        AuditRecordView second = records(id).get(1);

        archive.append(second);

        assertThat(records(id)).extracting(AuditRecordView::version).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(records(id).get(0).previousHash()).isEmpty();
        assertThat(records(id).get(1).previousHash()).isEqualTo(records(id).get(0).hash());
        assertThat(verify(id)).isEqualTo(new AuditVerification(id, 5, 1, true, null));
        assertThat(page(new FindAuditRecords(AUDITOR, id, null, "content_edited", null, null, 0, 20)).total())
                .isEqualTo(4);
        assertThat(page(new FindAuditRecords(AUDITOR, id, "alice", null, LONG_AGO.plusSeconds(2),
                LONG_AGO.plusSeconds(4), 0, 20)).items()).extracting(AuditRecordView::version)
                .containsExactly(3L, 4L);
        assertThat(page(new FindAuditRecords(AUDITOR, id, "mallory", null, null, null, 0, 20)).total()).isZero();
    }

    @Test
    void tampering_with_an_archived_record_is_detected() {
        String id = document(3, LONG_AGO, 0);
        awaitArchived(id, 3);
        String third = records(id).get(2).eventId();

        mongo.updateFirst(Query.query(Criteria.where("_id").is(third)), Update.update("summary", "nothing happened"),
                collection());

        assertThat(verify(id)).isEqualTo(new AuditVerification(id, 3, 1, false, third));
    }

    @Test
    void erasing_a_document_or_a_user_anonymises_archived_records_and_the_chain_still_verifies() {
        String id = document(3, Instant.now(), 0);
        append(id, 3, new DocumentRoleGranted(id, "zoe", DocumentRole.VIEWER), Instant.now());
        awaitArchived(id, 4);

        assertThat(archive.eraseUser("zoe")).isEqualTo(1);
        assertThat(records(id).get(3).summary()).isEqualTo("Granted viewer to " + PersonalData.ERASED);
        assertThat(archive.eraseUser("alice")).isGreaterThanOrEqualTo(4);
        assertThat(archive.eraseDocument(id)).isEqualTo(4);
        assertThat(archive.eraseDocument(id)).isZero();

        assertThat(records(id)).allSatisfy(r -> {
            assertThat(r.actor()).isEqualTo(PersonalData.ERASED);
            assertThat(r.summary()).isEqualTo(PersonalData.ERASED);
        });
        assertThat(verify(id)).isEqualTo(new AuditVerification(id, 4, 1, true, null));
    }

    @Test
    void the_archive_has_an_index_per_filter_and_a_ttl_index_for_the_retention_period() {
        document(1, Instant.now(), 0);
        awaitArchived(null, 1);

        List<IndexInfo> indexes = mongo.indexOps(collection()).getIndexInfo();

        assertThat(indexes).extracting(IndexInfo::getName)
                .contains("document_version", "actor_at", "type_at", "at_ttl");
        assertThat(indexes).filteredOn(i -> i.getName().equals("document_version")).singleElement()
                .satisfies(i -> assertThat(i.isUnique()).isTrue());
        assertThat(indexes).filteredOn(i -> i.getName().equals("at_ttl")).singleElement()
                .satisfies(i -> assertThat(i.getExpireAfter()).contains(Duration.ofDays(2557)));
    }

    @Test
    void a_changed_retention_period_updates_the_ttl_index() {
        String otherCollection = "retention_" + UUID.randomUUID().toString().substring(0, 8);
        new MongoAuditIndexes(mongo, otherCollection, Duration.ofDays(2557)).ensure();

        new MongoAuditIndexes(mongo, otherCollection, Duration.ofDays(365)).ensure();

        assertThat(mongo.indexOps(otherCollection).getIndexInfo())
                .filteredOn(i -> i.getName().equals("at_ttl")).singleElement()
                .satisfies(i -> assertThat(i.getExpireAfter()).contains(Duration.ofDays(365)));
    }

    @Test
    void old_history_moves_to_the_archive_and_pages_seamlessly_across_both_stores() {
        String id = document(5, LONG_AGO, 3);
        awaitArchived(id, 8);
        awaitHistory(id, 8);

        assertThat(pruning.prune()).isGreaterThanOrEqualTo(5);

        assertThat(historyRowsInPostgres(id)).containsExactly(6L, 7L, 8L);
        assertThat(historyVersions(id, 0, 3)).containsExactly(8L, 7L, 6L);
        assertThat(historyVersions(id, 1, 3)).containsExactly(5L, 4L, 3L);
        assertThat(historyVersions(id, 2, 3)).containsExactly(2L, 1L);
        assertThat(historyVersions(id, 0, 4)).containsExactly(8L, 7L, 6L, 5L);
        assertThat(historyVersions(id, 1, 4)).containsExactly(4L, 3L, 2L, 1L);
        assertThat(historyVersions(id, 3, 4)).isEmpty();
        HistoryPage all = history(id, 0, 20);
        assertThat(all.total()).isEqualTo(8);
        assertThat(all.items()).extracting(HistoryEntry::version).containsExactly(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(all.items().get(7).type()).isEqualTo("created");
        assertThat(all.items().get(7).actor()).isEqualTo("alice");
        assertThat(all.items().get(7).at()).isEqualTo(LONG_AGO);
        assertThat(all.items().get(6).summary()).startsWith("Edited content");
    }

    @Test
    void history_that_is_not_archived_yet_is_never_pruned() {
        auditProcessor().shutDown();
        String id = document(4, LONG_AGO, 0);
        awaitHistory(id, 4);

        pruning.prune();

        assertThat(historyRowsInPostgres(id)).containsExactly(1L, 2L, 3L, 4L);
        auditProcessor().start();
        awaitArchived(id, 4);
        pruning.prune();
        assertThat(historyRowsInPostgres(id)).isEmpty();
        assertThat(historyVersions(id, 0, 10)).containsExactly(4L, 3L, 2L, 1L);
    }

    @Test
    void while_mongodb_is_down_nothing_is_lost_and_the_archive_catches_up_when_it_returns() {
        String before = document(2, LONG_AGO, 0);
        awaitArchived(before, 2);

        TestMongo.shared().stop();
        String during = document(3, LONG_AGO, 0);
        append(before, 2, new DocumentMetadataUpdated(before, "Renamed while down", List.of()), Instant.now());
        awaitHistory(during, 3);
        assertThatThrownBy(() -> page(new FindAuditRecords(AUDITOR, during, null, null, null, null, 0, 20)))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThatThrownBy(pruning::prune).isInstanceOf(DependencyUnavailableException.class);
        assertThat(historyRowsInPostgres(during)).containsExactly(1L, 2L, 3L);

        TestMongo.shared().start();
        awaitArchived(during, 3);
        awaitArchived(before, 3);
        assertThat(verify(during).valid()).isTrue();
        assertThat(verify(before)).isEqualTo(new AuditVerification(before, 3, 1, true, null));
        assertThat(auditProcessor().isRunning()).isTrue();
        assertThat(auditProcessor().isError()).isFalse();
    }

    /** A document with {@code oldEvents} events a second apart from {@code start}, then {@code recentEdits} now. */
    private String document(int oldEvents, Instant start, int recentEdits) {
        String id = UUID.randomUUID().toString();
        append(id, 0, new DocumentCreated(id, "Audited", "x", List.of(), "alice"), start);
        for (int v = 1; v < oldEvents + recentEdits; v++) {
            Instant at = v < oldEvents ? start.plusSeconds(v) : Instant.now();
            append(id, v, new DocumentContentEdited(id, TextDelta.builder().retain(v).insert("x").build()), at);
        }
        return id;
    }

    private void append(String id, long sequence, DocumentEvent event, Instant at) {
        eventStore.publish(new GenericDomainEventMessage<>("Document", id, sequence, event,
                Map.of(Actor.META_ACTOR, "alice", "traceId", "trace-" + sequence), UUID.randomUUID().toString(), at));
    }

    private List<AuditRecordView> records(String id) {
        return page(new FindAuditRecords(AUDITOR, id, null, null, null, null, 0, 100)).items().stream()
                .sorted(java.util.Comparator.comparingLong(AuditRecordView::version)).toList();
    }

    private AuditPage page(FindAuditRecords query) {
        return queries.ask(query, AuditPage.class);
    }

    private AuditVerification verify(String id) {
        return queries.ask(new VerifyAuditChain(AUDITOR, id), AuditVerification.class);
    }

    private HistoryPage history(String id, int page, int size) {
        return queries.ask(new FindDocumentHistory(id, OWNER, page, size), HistoryPage.class);
    }

    private List<Long> historyVersions(String id, int page, int size) {
        return history(id, page, size).items().stream().map(HistoryEntry::version).toList();
    }

    private List<Long> historyRowsInPostgres(String id) {
        return jdbc.sql("SELECT version FROM document_history WHERE document_id = :id ORDER BY version")
                .param("id", id).query(Long.class).list();
    }

    private void awaitArchived(String id, long records) {
        await(() -> {
            try {
                return archive.count(new AuditFilter(id, null, null, null, null)) >= records;
            } catch (DependencyUnavailableException stillDown) {
                return false;
            }
        }, "audit records of " + id);
    }

    private void awaitHistory(String id, long entries) {
        await(() -> jdbc.sql("SELECT count(*) FROM document_history WHERE document_id = :id").param("id", id)
                .query(Long.class).single() >= entries, "history of " + id);
    }

    private static void await(BooleanSupplier done, String what) {
        Instant deadline = Instant.now().plus(WITHIN);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for %s", what).isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private StreamingEventProcessor auditProcessor() {
        return processing.eventProcessor("audit", StreamingEventProcessor.class).orElseThrow();
    }

    private String collection() {
        return properties.mongodb().collection();
    }
}
