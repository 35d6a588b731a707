package dev.sandstone.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.audit.AuditVerification;
import dev.sandstone.api.privacy.PersonalData.Subject;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.platform.crypto.CryptoProperties;
import dev.sandstone.platform.crypto.MasterKeyRing;
import dev.sandstone.platform.crypto.SubjectKeys;
import dev.sandstone.platform.postgres.SchemaMigrations;
import dev.sandstone.platform.test.TestMasterKey;
import dev.sandstone.platform.test.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The chain over erasure-stable fields and seals, with the subjects' keys in a real PostgreSQL. */
class AuditChainTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:15:30.123Z");

    private static SubjectKeys keys;
    private static AuditSeals seals;

    @BeforeAll
    static void keys() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.newDatabase(), "postgres", "");
        SchemaMigrations.of(dataSource, "classpath:db/eventstore", "flyway_history_eventstore").migrate();
        CryptoProperties properties = new CryptoProperties(Map.of(TestMasterKey.ID, TestMasterKey.KEY),
                TestMasterKey.ID, null, false, 100, Duration.ofMinutes(1));
        keys = new SubjectKeys(dataSource, MasterKeyRing.from(properties), properties);
        seals = new AuditSeals(keys);
    }

    @Test
    void an_intact_chain_is_valid_from_version_one() {
        List<AuditRecordView> chain = chain("d1", 1, 3);

        assertThat(verify("d1", chain, false)).isEqualTo(new AuditVerification("d1", 3, 1, true, null));
    }

    @Test
    void a_changed_actor_or_summary_breaks_the_chain_at_that_record() {
        List<AuditRecordView> chain = chain("d2", 1, 3);
        List<AuditRecordView> actor = change(chain, 1, r -> with(r, "mallory", r.summary()));
        List<AuditRecordView> summary = change(chain, 2, r -> with(r, r.actor(), "Nothing happened"));

        assertThat(verify("d2", actor, false)).isEqualTo(new AuditVerification("d2", 3, 1, false, "e2"));
        assertThat(verify("d2", summary, false)).isEqualTo(new AuditVerification("d2", 3, 1, false, "e3"));
    }

    @Test
    void an_erased_actor_or_summary_keeps_the_chain_valid() {
        List<AuditRecordView> chain = chain("d3", 1, 3);
        List<AuditRecordView> erased = change(change(chain, 0, r -> with(r, PersonalData.ERASED, r.summary())), 1,
                r -> with(r, r.actor(), PersonalData.ERASED));

        assertThat(verify("d3", erased, false).valid()).isTrue();
    }

    @Test
    void once_a_subjects_key_is_destroyed_a_value_that_was_not_erased_does_not_verify() {
        List<AuditRecordView> chain = chain("d4", 1, 2);
        keys.destroy(Subject.DOCUMENT, "d4");

        assertThat(verify("d4", chain, false).firstBrokenEventId()).isEqualTo("e1");
        assertThat(verify("d4", change(change(chain, 0, r -> with(r, r.actor(), PersonalData.ERASED)), 1,
                r -> with(r, r.actor(), PersonalData.ERASED)), false).valid()).isTrue();
    }

    @Test
    void a_removed_record_breaks_the_chain_at_the_next_one() {
        List<AuditRecordView> chain = chain("d5", 1, 4);
        chain.remove(2);

        assertThat(verify("d5", chain, false).firstBrokenEventId()).isEqualTo("e4");
    }

    @Test
    void a_chain_whose_oldest_records_expired_is_verified_from_the_oldest_one_kept() {
        List<AuditRecordView> chain = chain("d6", 1, 5).subList(2, 5);

        assertThat(verify("d6", chain, true)).isEqualTo(new AuditVerification("d6", 3, 3, true, null));
    }

    @Test
    void where_records_are_kept_forever_a_missing_head_is_a_broken_chain() {
        List<AuditRecordView> chain = chain("d7", 1, 5).subList(2, 5);

        assertThat(verify("d7", chain, false)).isEqualTo(new AuditVerification("d7", 3, 3, false, "e3"));
    }

    private static AuditVerification verify(String documentId, List<AuditRecordView> chain, boolean mayExpire) {
        return AuditChain.verify(documentId, chain.iterator(), mayExpire, seals);
    }

    private static List<AuditRecordView> change(List<AuditRecordView> chain, int index,
                                                UnaryOperator<AuditRecordView> change) {
        List<AuditRecordView> changed = new ArrayList<>(chain);
        changed.set(index, change.apply(chain.get(index)));
        return changed;
    }

    private static AuditRecordView with(AuditRecordView r, String actor, String summary) {
        return new AuditRecordView(r.eventId(), r.documentId(), r.version(), r.type(), actor, r.at(), r.traceId(),
                summary, r.hash(), r.previousHash(), r.actorSeal(), r.summarySeal());
    }

    private static List<AuditRecordView> chain(String documentId, long from, long to) {
        List<AuditRecordView> records = new ArrayList<>();
        String previous = "";
        for (long v = from; v <= to; v++) {
            String summary = "Edited content: +" + v + " / -0 characters";
            AuditRecordView unsigned = new AuditRecordView("e" + v, documentId, v, "content_edited", "alice",
                    AT.plusSeconds(v), "trace", summary, "", previous, seals.actorSeal("alice"),
                    seals.summarySeal(documentId, summary));
            String hash = AuditChain.hash(unsigned);
            records.add(new AuditRecordView("e" + v, documentId, v, unsigned.type(), unsigned.actor(), unsigned.at(),
                    unsigned.traceId(), unsigned.summary(), hash, previous, unsigned.actorSeal(),
                    unsigned.summarySeal()));
            previous = hash;
        }
        return records;
    }
}
