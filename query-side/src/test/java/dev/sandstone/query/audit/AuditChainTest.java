package dev.sandstone.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.audit.AuditVerification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:15:30.123Z");

    @Test
    void an_intact_chain_is_valid_from_version_one() {
        List<AuditRecordView> chain = chain(1, 3);

        assertThat(AuditChain.verify("d", chain.iterator(), false))
                .isEqualTo(new AuditVerification("d", 3, 1, true, null));
    }

    @Test
    void a_changed_field_breaks_the_chain_at_that_record() {
        List<AuditRecordView> chain = chain(1, 3);
        AuditRecordView second = chain.get(1);
        chain.set(1, new AuditRecordView(second.eventId(), "d", 2, second.type(), "mallory", second.at(),
                second.traceId(), second.summary(), second.hash(), second.previousHash()));

        assertThat(AuditChain.verify("d", chain.iterator(), false))
                .isEqualTo(new AuditVerification("d", 3, 1, false, "e2"));
    }

    @Test
    void a_removed_record_breaks_the_chain_at_the_next_one() {
        List<AuditRecordView> chain = chain(1, 4);
        chain.remove(2);

        assertThat(AuditChain.verify("d", chain.iterator(), false).firstBrokenEventId()).isEqualTo("e4");
    }

    @Test
    void a_chain_whose_oldest_records_expired_is_verified_from_the_oldest_one_kept() {
        List<AuditRecordView> chain = chain(1, 5).subList(2, 5);

        assertThat(AuditChain.verify("d", chain.iterator(), true))
                .isEqualTo(new AuditVerification("d", 3, 3, true, null));
    }

    @Test
    void where_records_are_kept_forever_a_missing_head_is_a_broken_chain() {
        List<AuditRecordView> chain = chain(1, 5).subList(2, 5);

        assertThat(AuditChain.verify("d", chain.iterator(), false))
                .isEqualTo(new AuditVerification("d", 3, 3, false, "e3"));
    }

    private static List<AuditRecordView> chain(long from, long to) {
        List<AuditRecordView> records = new ArrayList<>();
        String previous = "";
        for (long v = from; v <= to; v++) {
            AuditRecordView unsigned = new AuditRecordView("e" + v, "d", v, "content_edited", "alice",
                    AT.plusSeconds(v), "trace", "Edited content: +1 / -0 characters", "", previous);
            String hash = AuditChain.hash(unsigned);
            records.add(new AuditRecordView("e" + v, "d", v, unsigned.type(), unsigned.actor(), unsigned.at(),
                    unsigned.traceId(), unsigned.summary(), hash, previous));
            previous = hash;
        }
        return records;
    }
}
