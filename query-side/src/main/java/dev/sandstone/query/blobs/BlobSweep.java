package dev.sandstone.query.blobs;

import dev.sandstone.platform.blob.BlobKeys;
import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.blob.DocumentBlobs;
import dev.sandstone.platform.web.DependencyUnavailableException;
import dev.sandstone.query.processors.ProcessorControl;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes blobs no event refers to (uploads that were rejected or aborted), once they are older than the grace
 * period, and only while the read model has projected every event (so {@code blob_references} knows every chunk an
 * event refers to). Storing content that exists already refreshes its blob's time, so a chunk about to be referred
 * to again is never old enough to be swept.
 * <p>
 * It owns two kinds of keys and looks at no other: documents' chunks ({@code documents/<id>/chunks/<sha256>}, kept
 * while an event of that document refers to the hash, or a reference from before references named their document
 * does) and chunks of the shared layout from before encryption ({@code sha256/...}, kept while any reference names
 * the hash). Published objects ({@code documents/<id>/published/...}), exports and anything else are never swept.
 */
public class BlobSweep {

    private static final Logger log = LoggerFactory.getLogger(BlobSweep.class);
    private static final int BATCH = 500;
    /** The document of references recorded before references named their document. */
    private static final String UNKNOWN_DOCUMENT = "";

    private final BlobStore blobs;
    private final JdbcClient jdbc;
    private final ProcessorControl processors;
    private final BlobSweepProperties properties;
    private final Clock clock;

    public BlobSweep(BlobStore blobs, JdbcClient jdbc, ProcessorControl processors, BlobSweepProperties properties,
                     Clock clock) {
        this.blobs = blobs;
        this.jdbc = jdbc;
        this.processors = processors;
        this.properties = properties;
        this.clock = clock;
    }

    /** One sweep; returns the blobs deleted, or -1 when it did not run because the read model is behind. */
    public long sweep() {
        if (processors.status("documents").lagEvents() > 0) {
            log.info("Blob sweep skipped: the read model has not projected every event yet");
            return -1;
        }
        Instant cutoff = clock.instant().minus(properties.grace());
        return sweep(BlobKeys.CONTENT_PREFIX, cutoff, this::deleteUnreferencedShared)
                + sweep(DocumentBlobs.PREFIX, cutoff, this::deleteUnreferencedChunks);
    }

    private long sweep(String prefix, Instant cutoff, java.util.function.ToLongFunction<List<String>> deletion) {
        long deleted = 0;
        try (Stream<String> keys = blobs.keysOlderThan(prefix, cutoff)) {
            List<String> batch = new ArrayList<>(BATCH);
            for (var iterator = keys.iterator(); iterator.hasNext(); ) {
                batch.add(iterator.next());
                if (batch.size() == BATCH || !iterator.hasNext()) {
                    deleted += deletion.applyAsLong(batch);
                    batch.clear();
                }
            }
        }
        return deleted;
    }

    /** Blobs of the shared layout: referred to by any document. */
    private long deleteUnreferencedShared(List<String> keys) {
        List<String> hashes = keys.stream().map(BlobKeys::lastSegment).toList();
        Set<String> referenced = references(hashes).stream().map(Reference::sha256).collect(Collectors.toSet());
        long deleted = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (BlobKeys.isSha256Hex(hashes.get(i)) && !referenced.contains(hashes.get(i))
                    && blobs.delete(keys.get(i))) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Chunks in documents' key spaces: referred to by that document (or by a reference naming none). */
    private long deleteUnreferencedChunks(List<String> keys) {
        List<DocumentBlobs.StoredBlob> chunks = keys.stream().map(DocumentBlobs::parse).flatMap(Optional::stream)
                .filter(blob -> blob.kind() == DocumentBlobs.Kind.CHUNK).toList();
        Set<Reference> referenced = new HashSet<>(references(chunks.stream().map(DocumentBlobs.StoredBlob::sha256)
                .toList()));
        long deleted = 0;
        for (DocumentBlobs.StoredBlob chunk : chunks) {
            boolean kept = referenced.contains(new Reference(chunk.sha256(), chunk.documentId()))
                    || referenced.contains(new Reference(chunk.sha256(), UNKNOWN_DOCUMENT));
            if (!kept && blobs.delete(DocumentBlobs.key(chunk.documentId(), chunk.kind(), chunk.sha256()))) {
                deleted++;
            }
        }
        return deleted;
    }

    private record Reference(String sha256, String documentId) {
    }

    private List<Reference> references(List<String> hashes) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT sha256, document_id FROM blob_references WHERE sha256 = ANY(CAST(:shas AS VARCHAR[]))")
                .param("shas", hashes.stream().distinct().toArray(String[]::new))
                .query((rs, n) -> new Reference(rs.getString(1), rs.getString(2))).list();
    }

    /** One run of the periodic job: logs what it did, or why it could not run. */
    void sweepQuietly() {
        try {
            long deleted = sweep();
            if (deleted > 0) {
                log.info("Blob sweep deleted {} blobs no event refers to", deleted);
            }
        } catch (DependencyUnavailableException e) {
            log.warn("Blob sweep skipped: {}", e.getMessage());
        }
    }
}
