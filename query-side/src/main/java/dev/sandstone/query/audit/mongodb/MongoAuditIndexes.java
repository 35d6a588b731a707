package dev.sandstone.query.audit.mongodb;

import java.time.Duration;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.index.IndexOperations;

/**
 * The archive's indexes: one per audit filter, a unique (document, version) index that keeps each chain link
 * single, and a TTL index on {@code at} that implements the retention period. Created on first use rather than at
 * start-up, so the service starts while MongoDB is down; a changed retention period updates the TTL index.
 */
public class MongoAuditIndexes {

    static final String TTL_INDEX = "at_ttl";

    private static final Logger log = LoggerFactory.getLogger(MongoAuditIndexes.class);

    private final MongoTemplate mongo;
    private final String collection;
    private final Duration retention;
    private volatile boolean ensured;

    public MongoAuditIndexes(MongoTemplate mongo, String collection, Duration retention) {
        this.mongo = mongo;
        this.collection = collection;
        this.retention = retention;
    }

    /** Creates any missing index; cheap once it has succeeded. */
    public void ensure() {
        if (ensured) {
            return;
        }
        synchronized (this) {
            if (!ensured) {
                MongoAuditArchive.call(() -> {
                    create();
                    return null;
                });
                ensured = true;
            }
        }
    }

    private void create() {
        IndexOperations indexes = mongo.indexOps(collection);
        indexes.createIndex(new Index().on("documentId", Sort.Direction.ASC).on("version", Sort.Direction.ASC)
                .unique().named("document_version"));
        indexes.createIndex(new Index().on("actor", Sort.Direction.ASC).on("at", Sort.Direction.ASC)
                .named("actor_at"));
        indexes.createIndex(new Index().on("type", Sort.Direction.ASC).on("at", Sort.Direction.ASC)
                .named("type_at"));
        Optional<Duration> current = indexes.getIndexInfo().stream()
                .filter(index -> TTL_INDEX.equals(index.getName())).findFirst().flatMap(IndexInfo::getExpireAfter);
        if (current.isPresent() && !current.get().equals(retention)) {
            changeRetention(indexes, current.get());
        } else if (current.isEmpty()) {
            indexes.createIndex(ttlIndex());
        }
    }

    private void changeRetention(IndexOperations indexes, Duration from) {
        log.info("Changing the audit archive's retention from {} to {}", from, retention);
        try {
            mongo.getDb().runCommand(new Document("collMod", collection).append("index",
                    new Document("name", TTL_INDEX).append("expireAfterSeconds", retention.toSeconds())));
        } catch (RuntimeException collModUnsupported) {
            log.info("collMod was refused ({}); recreating the TTL index", collModUnsupported.getMessage());
            indexes.dropIndex(TTL_INDEX);
            indexes.createIndex(ttlIndex());
        }
    }

    private Index ttlIndex() {
        return new Index().on("at", Sort.Direction.ASC).expire(retention).named(TTL_INDEX);
    }
}
