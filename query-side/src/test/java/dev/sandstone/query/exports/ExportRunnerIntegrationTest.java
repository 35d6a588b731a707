package dev.sandstone.query.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.doThrow;

import dev.sandstone.api.audit.AuditPage;
import dev.sandstone.api.audit.FindAuditRecords;
import dev.sandstone.api.compliance.ExportRequested;
import dev.sandstone.api.compliance.ExportType;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.test.TestBlobs;
import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import dev.sandstone.platform.web.ApiException;
import dev.sandstone.query.Queries;
import dev.sandstone.queryside.QuerySideApplication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/** The export runner on the query side alone, fed through the real event store on a real PostgreSQL. */
@SpringBootTest(classes = QuerySideApplication.class, properties = "sandstone.security.local-issuer.enabled=true")
class ExportRunnerIntegrationTest {

    private static final Actor AUDITOR = new Actor("auditor", Set.of(Actor.AUDITOR));
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    EventGateway events;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ExportJobs jobs;
    @Autowired
    ExportRunner runner;
    @Autowired
    Exports exports;
    @Autowired
    ExportLinks links;
    @MockitoSpyBean
    BlobStore blobs;
    @Autowired
    Queries queries;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        TestTokens.registerLocalIssuer(registry);
        TestBlobs.register(registry);
    }

    @Test
    void a_request_left_in_the_event_store_while_the_runner_was_down_runs_when_it_starts() {
        StreamingEventProcessor processor = processing.eventProcessor(ExportRunner.GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        ExportRequested requested = subjectAccess("left-behind");
        try {
            publish(requested);
            assertThat(jobs.find(requested.exportId())).as("only the event exists").isEmpty();
        } finally {
            processor.start();
        }

        ExportJob job = await(requested.exportId(), found -> found.status() == ExportStatus.COMPLETED);

        assertThat(job.requestedBy()).isEqualTo("admin");
        assertThat(job.userId()).isEqualTo("left-behind");
        assertThat(blobs.exists(job.archiveKey())).isTrue();
        assertThat(job.archiveKey()).isEqualTo("exports/" + requested.exportId() + "/" + job.archiveSha256());
    }

    @Test
    void a_finished_export_is_never_run_again() {
        ExportRequested requested = subjectAccess("once");
        publish(requested);
        ExportJob done = await(requested.exportId(), found -> found.status() == ExportStatus.COMPLETED);

        runner.on(requested, done.requestedAt());

        ExportJob after = jobs.find(requested.exportId()).orElseThrow();
        assertThat(after).isEqualTo(done);
        assertThat(completions(requested.exportId())).isEqualTo(1);
    }

    @Test
    void an_export_that_cannot_be_produced_fails_for_good_and_the_failure_is_audited() {
        ExportRequested requested = subjectAccess("refused");
        doThrow(new IllegalStateException("S3 rejected the write (HTTP 400)")).when(blobs)
                .putAsIs(startsWith("exports/" + requested.exportId() + "/"), any(), any(), anyLong());
        publish(requested);

        ExportJob failed = await(requested.exportId(), found -> found.status() == ExportStatus.FAILED);

        assertThat(failed.error()).contains("could not be produced", "IllegalStateException");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(failed.archiveKey()).isNull();
        AuditPage audit = awaitAudit("export-" + requested.exportId(), 2);
        assertThat(audit.items()).extracting(record -> record.type()).containsExactly("export_requested",
                "export_failed");
    }

    @Test
    void archives_past_their_retention_are_deleted_and_their_exports_expire() {
        ExportRequested requested = subjectAccess("retained");
        publish(requested);
        ExportJob done = await(requested.exportId(), found -> found.status() == ExportStatus.COMPLETED);
        ExportLinks.Signed link = links.sign(done.id(), Duration.ofMinutes(15));

        long kept = new ExportRetention(jobs, blobs, Duration.ofDays(7), Clock.systemUTC()).sweep();
        assertThat(jobs.find(done.id()).orElseThrow().status()).as("younger than the retention")
                .isEqualTo(ExportStatus.COMPLETED);
        long expired = new ExportRetention(jobs, blobs, Duration.ofDays(7),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(8))).sweep();

        assertThat(kept).isZero();
        assertThat(expired).isGreaterThanOrEqualTo(1);
        assertThat(blobs.exists(done.archiveKey())).isFalse();
        assertThat(jobs.find(done.id()).orElseThrow().status()).isEqualTo(ExportStatus.EXPIRED);
        assertThatThrownBy(() -> exports.download(done.id(), Long.toString(link.expires().getEpochSecond()),
                link.signature())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.GONE));
        assertThat(exports.status(new Actor("admin", Set.of(Actor.ADMIN)), done.id(), null).status())
                .isEqualTo("expired");
    }

    private static ExportRequested subjectAccess(String userId) {
        return new ExportRequested(UUID.randomUUID().toString(), ExportType.SUBJECT_ACCESS, "admin", userId, null,
                null, null);
    }

    private void publish(ExportRequested requested) {
        events.publish(GenericEventMessage.asEventMessage(requested)
                .andMetaData(new Actor("admin", Set.of(Actor.ADMIN)).toMetaData()));
    }

    private long completions(String exportId) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%ExportCompleted' "
                        + "AND convert_from(payload, 'UTF8') LIKE :id")
                .param("id", "%" + exportId + "%").query(Long.class).single();
    }

    private ExportJob await(String exportId, Predicate<ExportJob> done) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            ExportJob job = jobs.find(exportId).orElse(null);
            if (job != null && done.test(job)) {
                return job;
            }
            sleep();
        }
        throw new AssertionError("Export " + exportId + " is " + jobs.find(exportId));
    }

    private AuditPage awaitAudit(String chain, int count) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        AuditPage page;
        do {
            page = queries.ask(new FindAuditRecords(AUDITOR, chain, null, null, null, null, 0, 10), AuditPage.class);
            if (page.items().size() == count) {
                return page;
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Audit records of " + chain + ": " + page);
    }

    private static void sleep() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
