package dev.sandstone.query.exports;

import dev.sandstone.platform.blob.BlobStore;

/**
 * Exports' part in an erasure. An archive about the erased subject (a user's subject-access export, a document's
 * audit export) holds its data in plaintext, so it is deleted and its export shows {@code erased}; a user's id no
 * longer names the subject or the requester of any export. Every export requested before the erasure has finished
 * by the time this runs (the erasure waits for the {@code exports} processor too); one requested after it reads the
 * erased stores. The export audit records are anonymised by the audit archive's own step. Registered as the erasure
 * step {@code exports} by {@link ExportsConfiguration}.
 */
class ExportErasure {

    static final String DETAIL = "export archives about the subject deleted, and export records naming a user "
            + "anonymised";

    private final ExportJobs jobs;
    private final BlobStore blobs;

    ExportErasure(ExportJobs jobs, BlobStore blobs) {
        this.jobs = jobs;
        this.blobs = blobs;
    }

    long eraseDocument(String documentId) {
        return deleteArchives(null, documentId);
    }

    long eraseUser(String userId) {
        return deleteArchives(userId, null) + jobs.anonymise(userId);
    }

    private long deleteArchives(String userId, String documentId) {
        long deleted = 0;
        for (ExportJob job : jobs.completedAbout(userId, documentId)) {
            blobs.deleteAll(ExportRunner.archivePrefix(job.id()));
            jobs.erase(job.id());
            deleted++;
        }
        return deleted;
    }
}
