package dev.sandstone.query.exports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstone.api.compliance.ExportCompleted;
import dev.sandstone.api.compliance.ExportFailed;
import dev.sandstone.api.compliance.ExportRequested;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.platform.blob.BlobRef;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.web.DependencyUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs each requested export, in the {@value #GROUP} tracking processor: the processor's token passes an
 * {@link ExportRequested} only when its job has finished, so a job cut short by a stop or a crash runs again from the
 * start at the next start (an archive stored by an attempt cut short is replaced by the next one's).
 * <p>
 * The job itself runs outside the processor's transaction, so its progress is visible while it runs and a long export
 * holds no lock anyone else waits for; only its outcome is written in that transaction, together with the
 * {@link ExportCompleted} or {@link ExportFailed} event and the token: the export is finished exactly when its event
 * exists. A finished export is skipped, which makes the handler idempotent. An unreachable store (blob store, audit
 * archive, database) fails the attempt without failing the export: the processor retries it with back-off. Replays do
 * not run exports again ({@link DisallowReplay}).
 */
@Component
@ProcessingGroup(ExportRunner.GROUP)
class ExportRunner {

    static final String GROUP = "exports";
    static final String SUMMARY = "summary.md";

    private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

    private final ExportJobs jobs;
    private final ExportContents contents;
    private final BlobStore blobs;
    private final EventGateway events;
    private final ObjectMapper json;
    private final TransactionTemplate outsideTransaction;
    private final Clock clock;

    ExportRunner(ExportJobs jobs, ExportContents contents, BlobStore blobs, EventGateway events, ObjectMapper json,
                 PlatformTransactionManager transactions) {
        this.jobs = jobs;
        this.contents = contents;
        this.blobs = blobs;
        this.events = events;
        this.json = json;
        this.outsideTransaction = new TransactionTemplate(transactions);
        this.outsideTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        this.clock = Clock.systemUTC();
    }

    /**
     * Where an export's archives live in the blob store: a prefix of their own, never swept with the documents'
     * chunks. The archive's key ends with its SHA-256, as every blob key does.
     */
    static String archivePrefix(String exportId) {
        return "exports/" + exportId + "/";
    }

    static String fileName(String exportId) {
        return "sandstone-export-" + exportId + ".zip";
    }

    private record Archive(BlobRef blob, long records) {
    }

    @EventHandler
    @DisallowReplay
    void on(ExportRequested requested, @Timestamp Instant requestedAt) {
        String id = requested.exportId();
        Archive archive;
        try {
            archive = outside(() -> attempt(requested, requestedAt));
        } catch (RuntimeException failure) {
            if (stopping(failure)) {
                log.info("Export {} stopped with the service; it runs again at the next start", id);
                throw failure;
            }
            if (outage(failure)) {
                log.warn("Export {} waits for a store to come back: {}", id, failure.getMessage());
                outside(() -> {
                    jobs.retrying(id, "Waiting for a store to come back: " + failure.getMessage());
                    return null;
                });
                throw failure;
            }
            String reason = failure instanceof DomainException domain ? domain.getMessage()
                    : "The export could not be produced (" + failure.getClass().getSimpleName()
                    + "); the service log has the details";
            log.error("Export {} failed", id, failure);
            events.publish(new ExportFailed(id, reason));
            jobs.fail(id, reason, clock.instant());
            return;
        }
        if (archive == null) {
            log.debug("Export {} is finished already", id);
            return;
        }
        events.publish(new ExportCompleted(id, archive.blob().key(), archive.blob().size(), archive.blob().sha256()));
        jobs.complete(id, archive.blob(), archive.records(), clock.instant());
        log.info("Export {} ({}) completed: {} records, {} bytes, SHA-256 {}", id, requested.type().wireName(),
                archive.records(), archive.blob().size(), archive.blob().sha256());
    }

    /** One attempt: the archive written to a local file, then stored; null when the export is finished already. */
    private Archive attempt(ExportRequested requested, Instant requestedAt) {
        String id = requested.exportId();
        jobs.queue(requested, requestedAt);
        if (!jobs.start(id, clock.instant())) {
            return null;
        }
        JobProgress progress = new JobProgress((percent, records) -> jobs.progress(id, percent, records), clock);
        Path file = temporaryFile();
        try {
            long records;
            String sha256;
            try (ExportArchive archive = ExportArchive.create(file, json, requestedAt)) {
                List<String> entries = switch (requested.type()) {
                    case SUBJECT_ACCESS -> contents.subjectAccess(requested, archive, progress);
                    case DOCUMENT_AUDIT -> contents.documentAudit(requested, archive, progress);
                };
                archive.text(SUMMARY, ExportSummary.markdown(requested, requestedAt, clock.instant(), entries));
                records = archive.totalRecords();
                sha256 = archive.finish();
            }
            JobProgress.checkInterrupted();
            BlobRef stored;
            try (InputStream content = Files.newInputStream(file)) {
                // As it is (no compression, no seal): a pre-signed URL must serve the ZIP file itself.
                stored = blobs.putAsIs(archivePrefix(id) + sha256, sha256, content, Files.size(file));
            }
            removeEarlierAttempts(id, stored.key());
            return new Archive(stored, records);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the export file " + file, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Cannot delete the export file {}: {}", file, e.toString());
            }
        }
    }

    /** An attempt cut short after its upload may have stored different bytes (the data changed meanwhile). */
    private void removeEarlierAttempts(String exportId, String kept) {
        List<String> earlier;
        try (Stream<String> keys = blobs.keysOlderThan(archivePrefix(exportId), Instant.now().plusSeconds(3600))) {
            earlier = keys.filter(key -> !key.equals(kept)).toList();
        }
        earlier.forEach(blobs::delete);
    }

    private <T> T outside(Supplier<T> work) {
        return outsideTransaction.execute(status -> work.get());
    }

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("sandstone-export-", ".zip");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary file for an export", e);
        }
    }

    /** The processor is stopping: its worker thread was interrupted. */
    private static boolean stopping(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof JobProgress.Interrupted || cause instanceof InterruptedException
                    || cause instanceof InterruptedIOException || cause instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** A store that cannot be reached fails every export alike: not the export's fault. */
    private static boolean outage(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof DependencyUnavailableException || cause instanceof TransientDataAccessException
                    || cause instanceof DataAccessResourceFailureException) {
                return true;
            }
        }
        return false;
    }
}
