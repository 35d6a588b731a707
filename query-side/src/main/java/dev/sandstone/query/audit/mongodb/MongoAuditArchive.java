package dev.sandstone.query.audit.mongodb;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.sandstone.api.audit.AuditRecordView;
import dev.sandstone.api.document.query.HistoryEntry;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.platform.web.DependencyUnavailableException;
import dev.sandstone.query.audit.AuditArchive;
import dev.sandstone.query.audit.AuditFilter;
import dev.sandstone.query.history.ArchivedHistory;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bson.Document;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The audit archive in MongoDB: one immutable document per event, {@code _id} = event id, so a retried or replayed
 * event is stored once. Uses plain MongoDB only (no transactions, no change streams, no Stable API), so it runs
 * unchanged on MongoDB and on wire-compatible servers. Its indexes are created by {@link MongoAuditIndexes}.
 */
public class MongoAuditArchive implements AuditArchive, ArchivedHistory {

    private final MongoTemplate mongo;
    private final String collection;
    private final MongoAuditIndexes indexes;

    public MongoAuditArchive(MongoTemplate mongo, String collection, MongoAuditIndexes indexes) {
        this.mongo = mongo;
        this.collection = collection;
        this.indexes = indexes;
    }

    @Override
    public Optional<String> hashOf(String documentId, long version) {
        Query query = Query.query(where("documentId").is(documentId).and("version").is(version));
        query.fields().include("hash");
        return Optional.ofNullable(call(() -> mongo.findOne(query, Document.class, collection)))
                .map(found -> found.getString("hash"));
    }

    @Override
    public void append(AuditRecordView r) {
        Document record = new Document("_id", r.eventId())
                .append("documentId", r.documentId())
                .append("version", r.version())
                .append("type", r.type())
                .append("actor", r.actor())
                .append("at", Date.from(r.at()))
                .append("traceId", r.traceId())
                .append("summary", r.summary())
                .append("hash", r.hash())
                .append("previousHash", r.previousHash())
                .append("actorSeal", r.actorSeal())
                .append("summarySeal", r.summarySeal());
        indexes.ensure();
        try {
            call(() -> mongo.insert(record, collection));
        } catch (DuplicateKeyException alreadyArchived) {
            // The same event again (a retried batch or a replay): the stored record stands.
        }
    }

    @Override
    public List<AuditRecordView> page(AuditFilter filter, int page, int size) {
        Query query = Query.query(criteria(filter))
                .with(Sort.by("at", "documentId", "version"))
                .skip((long) page * size).limit(size);
        return call(() -> mongo.find(query, Document.class, collection)).stream()
                .map(MongoAuditArchive::record).toList();
    }

    @Override
    public long count(AuditFilter filter) {
        return call(() -> mongo.count(Query.query(criteria(filter)), collection));
    }

    @Override
    public Stream<AuditRecordView> chain(String documentId) {
        Query query = Query.query(where("documentId").is(documentId)).with(Sort.by("version"));
        return call(() -> mongo.stream(query, Document.class, collection)).map(MongoAuditArchive::record);
    }

    @Override
    public boolean expiresRecords() {
        return true;
    }

    @Override
    public long eraseDocument(String documentId) {
        return call(() -> mongo.updateMulti(
                Query.query(where("documentId").is(documentId).and("summary").ne(PersonalData.ERASED)),
                Update.update("summary", PersonalData.ERASED), collection).getModifiedCount());
    }

    /** Role changes that name the user are rewritten one by one: plain updates only, for wire-compatible servers. */
    @Override
    public long eraseUser(String userId) {
        long changed = call(() -> mongo.updateMulti(Query.query(where("actor").is(userId)),
                Update.update("actor", PersonalData.ERASED), collection).getModifiedCount());
        Query named = Query.query(new Criteria().orOperator(
                where("type").in("role_granted", "role_revoked")
                        .and("summary").regex(Pattern.compile(" (to|from) " + Pattern.quote(userId) + "$")),
                where("type").is("export_requested")
                        .and("summary").regex(Pattern.compile(" of user " + Pattern.quote(userId) + "$"))));
        for (Document record : call(() -> mongo.find(named, Document.class, collection))) {
            String summary = record.getString("summary");
            String erased = summary.substring(0, summary.length() - userId.length()) + PersonalData.ERASED;
            changed += call(() -> mongo.updateFirst(Query.query(where("_id").is(record.get("_id"))),
                    Update.update("summary", erased), collection).getModifiedCount());
        }
        return changed;
    }

    @Override
    public long highestArchivedVersion(String documentId) {
        Query query = Query.query(where("documentId").is(documentId))
                .with(Sort.by(Sort.Direction.DESC, "version")).limit(1);
        query.fields().include("version");
        Document newest = call(() -> mongo.findOne(query, Document.class, collection));
        return newest == null ? 0 : newest.get("version", Number.class).longValue();
    }

    @Override
    public long countBelow(String documentId, long version) {
        return call(() -> mongo.count(Query.query(below(documentId, version)), collection));
    }

    @Override
    public List<HistoryEntry> pageBelow(String documentId, long version, long offset, int limit) {
        Query query = Query.query(below(documentId, version))
                .with(Sort.by(Sort.Direction.DESC, "version")).skip(offset).limit(limit);
        return call(() -> mongo.find(query, Document.class, collection)).stream()
                .map(d -> new HistoryEntry(d.get("version", Number.class).longValue(), d.getString("type"),
                        d.getString("actor"), d.getDate("at").toInstant(), d.getString("summary")))
                .toList();
    }

    private static Criteria below(String documentId, long version) {
        return where("documentId").is(documentId).and("version").lt(version);
    }

    private static Criteria criteria(AuditFilter filter) {
        List<Criteria> all = new ArrayList<>();
        if (filter.documentId() != null) {
            all.add(where("documentId").is(filter.documentId()));
        }
        if (filter.actor() != null) {
            all.add(where("actor").is(filter.actor()));
        }
        if (filter.type() != null) {
            all.add(where("type").is(filter.type()));
        }
        if (filter.from() != null || filter.to() != null) {
            Criteria at = where("at");
            if (filter.from() != null) {
                at = at.gte(Date.from(filter.from()));
            }
            if (filter.to() != null) {
                at = at.lt(Date.from(filter.to()));
            }
            all.add(at);
        }
        return all.isEmpty() ? new Criteria() : new Criteria().andOperator(all);
    }

    private static AuditRecordView record(Document d) {
        return new AuditRecordView(d.getString("_id"), d.getString("documentId"),
                d.get("version", Number.class).longValue(), d.getString("type"), d.getString("actor"),
                d.getDate("at").toInstant(), d.getString("traceId"), d.getString("summary"), d.getString("hash"),
                d.getString("previousHash"), d.getString("actorSeal"), d.getString("summarySeal"));
    }

    /** Every call is bounded by the client's timeouts; an unreachable archive becomes a 503, not a 500. */
    static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (DataAccessResourceFailureException | MongoSocketException | MongoTimeoutException e) {
            throw unavailable(e);
        }
    }

    /** What callers see when the archive cannot serve: 503 with {@code Retry-After}; the cause goes to the log. */
    public static DependencyUnavailableException unavailable(Throwable cause) {
        return new DependencyUnavailableException("The audit archive (MongoDB) cannot be reached", cause);
    }
}
