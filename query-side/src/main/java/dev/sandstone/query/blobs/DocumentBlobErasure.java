package dev.sandstone.query.blobs;

import dev.sandstone.platform.blob.DocumentBlobs;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The blob store's part in erasing a document: deletes every blob in the document's key space (its chunks and its
 * published versions' objects, see {@link DocumentBlobs#eraseDocument}), then the read model's records of them
 * ({@code blob_references} and {@code published_objects} rows, which hold the contents' hashes). Idempotent: a retry
 * deletes what is left. Blobs of the shared layout from before encryption are not deleted (another document may
 * hold the same content); they stay plaintext until rewritten (see docs/operations.md). The erasure job runs it as
 * its {@code blobs} step ({@link BlobSweepConfiguration}).
 */
public class DocumentBlobErasure {

    private final DocumentBlobs blobs;
    private final JdbcClient jdbc;

    public DocumentBlobErasure(DocumentBlobs blobs, JdbcClient jdbc) {
        this.blobs = blobs;
        this.jdbc = jdbc;
    }

    /** Returns how many blobs were deleted. */
    public long eraseDocument(String documentId) {
        long deleted = blobs.eraseDocument(documentId);
        jdbc.sql("DELETE FROM blob_references WHERE document_id = :id").param("id", documentId).update();
        jdbc.sql("DELETE FROM published_objects WHERE document_id = :id").param("id", documentId).update();
        return deleted;
    }
}
