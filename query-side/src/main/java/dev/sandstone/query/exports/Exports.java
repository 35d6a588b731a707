package dev.sandstone.query.exports;

import dev.sandstone.api.compliance.ExportRequested;
import dev.sandstone.api.compliance.ExportType;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.web.ApiException;
import dev.sandstone.platform.web.DocumentIds;
import dev.sandstone.query.documents.DocumentReadModel;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests exports and tells how they are doing. A request is recorded as queued and published as
 * {@link ExportRequested} in one transaction (on the PostgreSQL event store), so an export is either both visible
 * and on its way to the runner, or neither.
 */
@Component
class Exports {

    /** An export as {@code GET /api/exports/{id}} shows it; the archive and download fields once completed. */
    record ExportView(String id, String type, String status, int progress, long records, String userId,
                      String documentId, Instant from, Instant to, String requestedBy, Instant requestedAt,
                      Instant startedAt, Instant finishedAt, Long size, String sha256, String downloadUrl,
                      Instant downloadExpiresAt, String error) {
    }

    private final ExportJobs jobs;
    private final DocumentReadModel documents;
    private final EventGateway events;
    private final BlobStore blobs;
    private final ExportLinks links;
    private final ExportProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock = Clock.systemUTC();

    Exports(ExportJobs jobs, DocumentReadModel documents, EventGateway events, BlobStore blobs, ExportLinks links,
            ExportProperties properties, PlatformTransactionManager transactions) {
        this.jobs = jobs;
        this.documents = documents;
        this.events = events;
        this.blobs = blobs;
        this.links = links;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Queues an export; returns its id. Its status is {@code queued} at this moment (the runner may start at once). */
    String request(Actor requester, ExportRequestRules.Body body) {
        ExportRequested requested = ExportRequestRules.decide(UUID.randomUUID().toString(), requester, body);
        if (requested.type() == ExportType.DOCUMENT_AUDIT
                && documents.version(DocumentIds.require(requested.documentId())).isEmpty()) {
            throw DomainException.notFound("No such document");
        }
        // Who asked goes with the event as every command's actor does, so the completion inherits it too.
        EventMessage<ExportRequested> message = GenericEventMessage.<ExportRequested>asEventMessage(requested)
                .andMetaData(requester.toMetaData());
        transaction.executeWithoutResult(status -> {
            jobs.queue(requested, message.getTimestamp());
            events.publish(message);
        });
        return requested.exportId();
    }

    /** The export, if the caller may see it (its requester, or an admin): others learn nothing (404). */
    ExportView status(Actor caller, String id, URI baseUri) {
        ExportJob job = jobs.find(id).filter(found -> found.visibleTo(caller))
                .orElseThrow(() -> DomainException.notFound("No such export"));
        return view(job, baseUri);
    }

    /** An archive to stream: its content (the caller closes it), length, SHA-256 and file name. */
    record Download(InputStream content, long size, String sha256, String fileName) {
    }

    /**
     * The archive a signed link names, when the link's signature holds and it has not expired (403 otherwise, the
     * same for every forged link); 404 while the export is not completed, 410 once its archive was deleted.
     */
    Download download(String id, String expires, String signature) {
        switch (links.check(id, expires, signature)) {
            case INVALID -> throw new ApiException(HttpStatus.FORBIDDEN, "This download link is not valid");
            case EXPIRED -> throw new ApiException(HttpStatus.FORBIDDEN,
                    "This download link has expired; GET /api/exports/" + id + " gives a new one");
            case VALID -> {
                // the signature vouches for the request
            }
        }
        ExportJob job = jobs.find(id).orElseThrow(() -> DomainException.notFound("No such export"));
        if (job.status() == ExportStatus.EXPIRED) {
            throw new ApiException(HttpStatus.GONE, "The archive of this export was deleted after its retention "
                    + "period");
        }
        if (job.status() == ExportStatus.ERASED) {
            throw new ApiException(HttpStatus.GONE, "The archive of this export was deleted when its subject was "
                    + "erased");
        }
        if (job.status() != ExportStatus.COMPLETED) {
            throw DomainException.notFound("The export has no archive (it is " + job.status().wireName() + ")");
        }
        return new Download(blobs.get(job.archiveKey()), job.archiveSize(), job.archiveSha256(),
                ExportRunner.fileName(id));
    }

    private ExportView view(ExportJob job, URI baseUri) {
        String url = null;
        Instant expires = null;
        if (job.status() == ExportStatus.COMPLETED && baseUri != null) {
            Optional<URI> direct = blobs.downloadUrl(job.archiveKey(), properties.urlLifetime(),
                    ExportRunner.fileName(job.id()));
            if (direct.isPresent()) {
                url = direct.get().toString();
                expires = clock.instant().plus(properties.urlLifetime());
            } else {
                ExportLinks.Signed signed = links.sign(job.id(), properties.urlLifetime());
                url = baseUri + "/api/exports/" + job.id() + "/archive?expires=" + signed.expires().getEpochSecond()
                        + "&signature=" + signed.signature();
                expires = signed.expires();
            }
        }
        return new ExportView(job.id(), job.type().wireName(), job.status().wireName(), job.progress(), job.records(),
                job.userId(), job.documentId(), job.from(), job.to(), job.requestedBy(), job.requestedAt(),
                job.startedAt(), job.finishedAt(), job.archiveSize(), job.archiveSha256(), url, expires, job.error());
    }
}
