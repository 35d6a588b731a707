package dev.sandstone.command.collab;

import static dev.sandstone.command.collab.ShareDbMessages.COLLECTION;
import static dev.sandstone.command.collab.ShareDbMessages.ERR_DOC_DOES_NOT_EXIST;
import static dev.sandstone.command.collab.ShareDbMessages.ERR_DOC_WAS_DELETED;
import static dev.sandstone.command.collab.ShareDbMessages.ERR_MAX_SUBMIT_RETRIES_EXCEEDED;
import static dev.sandstone.command.collab.ShareDbMessages.ERR_MESSAGE_BADLY_FORMED;
import static dev.sandstone.command.collab.ShareDbMessages.ERR_NO_OP;
import static dev.sandstone.command.collab.ShareDbMessages.ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT;
import static dev.sandstone.command.collab.ShareDbMessages.ERR_OT_OP_BADLY_FORMED;
import static dev.sandstone.command.collab.ShareDbMessages.ERR_OT_OP_NOT_APPLIED;
import static dev.sandstone.command.collab.ShareDbMessages.ERR_UNKNOWN_ERROR;
import static dev.sandstone.command.collab.ShareDbMessages.NO_SUCH_DOCUMENT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.document.command.ApplyContentDelta;
import dev.sandstone.api.document.command.CommandResult;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.ot.InvalidOperationException;
import dev.sandstone.api.ot.TextOp;
import dev.sandstone.platform.web.DocumentIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of ShareDB's wire protocol for one collection, {@code documents}, of {@code text-unicode}
 * documents. Modelled on ShareDB's own agent and submit request: an operation submitted at version v is transformed
 * (as the left side) against every operation committed since v, committed through the document aggregate at exactly
 * the current version, and retried when another commit won the race; an operation whose {@code (src, seq)} is
 * already committed is acknowledged again, never applied twice; one that changes nothing is not committed
 * ({@code ERR_NO_OP}, as ShareDB's {@code doNotCommitNoOps}). Queries are not offered: lists and search are REST.
 */
final class ShareDbProtocol {

    private static final Logger log = LoggerFactory.getLogger(ShareDbProtocol.class);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final LiveDocuments documents;
    private final PresenceChannels presence;
    private final ShareDbMessages messages;
    private final CommandGateway commands;
    private final CollabProperties properties;
    private final MeterRegistry meters;
    private final Timer submitTimer;

    ShareDbProtocol(LiveDocuments documents, PresenceChannels presence, ShareDbMessages messages,
                    CommandGateway commands, CollabProperties properties, MeterRegistry meters) {
        this.documents = documents;
        this.presence = presence;
        this.messages = messages;
        this.commands = commands;
        this.properties = properties;
        this.meters = meters;
        this.submitTimer = Timer.builder("sandstone.collab.submit")
                .description("Time from receiving a live operation to committing and acknowledging it")
                .publishPercentileHistogram()
                .register(meters);
    }

    void opened(CollabSession session) {
        session.send(messages.init(session.clientId));
    }

    /** Releases everything the connection held, and tells the others its presence is gone. */
    void closed(CollabSession session) {
        session.markClosed();
        for (LiveDocument document : List.copyOf(session.subscriptions.values())) {
            document.lock.lock();
            try {
                document.unsubscribe(session);
            } finally {
                document.lock.unlock();
            }
            session.unsubscribed(document, null);
        }
        for (Map.Entry<String, Map<String, PresenceChannels.Sent>> channel : session.presences.entrySet()) {
            for (PresenceChannels.Sent sent : channel.getValue().values()) {
                if (!sent.message().path("p").isNull()) {
                    ObjectNode gone = sent.message().deepCopy();
                    gone.putNull("p");
                    gone.put("pv", sent.pv() + 1);
                    presence.relay(channel.getKey(), session, messages.json(gone));
                }
            }
            presence.unsubscribe(channel.getKey(), session);
        }
        session.presences.clear();
    }

    /** Called when the server ends a subscription (access lost, document gone): its presence channel goes too. */
    void released(CollabSession session, LiveDocument document) {
        documents.release(document);
        String channel = PresenceChannels.channelOf(document.id);
        presence.unsubscribe(channel, session);
    }

    void receive(CollabSession session, String text) {
        JsonNode parsed;
        try {
            parsed = messages.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            session.send(messages.error(messages.object(), ERR_MESSAGE_BADLY_FORMED,
                    "The message is not JSON: " + e.getOriginalMessage()));
            return;
        }
        if (!(parsed instanceof ObjectNode request)) {
            session.send(messages.error(messages.object(), ERR_MESSAGE_BADLY_FORMED, "A message must be a JSON object"));
            return;
        }
        try {
            dispatch(session, request);
        } catch (Rejected rejected) {
            session.send(messages.error(request, rejected.code, rejected.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Live message {} failed", request.path("a").asText(), e);
            session.send(messages.error(request, ERR_UNKNOWN_ERROR,
                    "The server could not handle this message; nothing was changed"));
        }
    }

    private void dispatch(CollabSession session, ObjectNode request) throws InterruptedException {
        String action = request.path("a").asText("");
        switch (action) {
            case "hs" -> handshake(session, request);
            case "s" -> subscribe(session, request, true);
            case "f" -> subscribe(session, request, false);
            case "u" -> unsubscribe(session, request);
            case "bs", "bf" -> bulk(session, request, action.equals("bs"));
            case "bu" -> bulkUnsubscribe(session, request);
            case "op" -> submit(session, request);
            case "nf" -> snapshotAtVersion(session, request);
            case "ps" -> presenceSubscribe(session, request);
            case "pu" -> presenceUnsubscribe(session, request);
            case "p" -> presence(session, request);
            case "pr" -> presenceRequest(session, request);
            case "pp" -> session.send("{\"a\":\"pp\"}");
            case "qf", "qs", "qu" -> throw new Rejected(ERR_MESSAGE_BADLY_FORMED,
                    "Queries are not offered over the live channel; list and search documents with GET /api/documents "
                            + "and GET /api/search");
            case "nt" -> throw new Rejected(ERR_MESSAGE_BADLY_FORMED,
                    "Snapshots by time are served over REST: GET /api/documents/{id}?at=<instant>");
            default -> throw new Rejected(ERR_MESSAGE_BADLY_FORMED, "Invalid or unknown message action '" + action + "'");
        }
    }

    private void handshake(CollabSession session, ObjectNode request) {
        JsonNode id = request.get("id");
        if (id != null && id.isTextual()) {
            if (!CLIENT_ID.matcher(id.asText()).matches()) {
                throw new Rejected(ERR_MESSAGE_BADLY_FORMED, "A client id is 1-64 letters, digits, '_' or '-'");
            }
            session.src(id.asText());
        }
        session.send(messages.json(messages.handshake(session.src())));
    }

    // ---- documents --------------------------------------------------------------------------------------------------

    private static String documentId(JsonNode request) {
        JsonNode collection = request.get("c");
        if (collection == null || !collection.isTextual() || !COLLECTION.equals(collection.asText())) {
            throw new Rejected(ERR_MESSAGE_BADLY_FORMED, "Unknown collection " + collection
                    + "; the only collection is '" + COLLECTION + "'");
        }
        JsonNode id = request.get("d");
        if (id == null || !id.isTextual() || !DocumentIds.isDocumentId(id.asText())) {
            throw new Rejected(ERR_DOC_DOES_NOT_EXIST, NO_SUCH_DOCUMENT);
        }
        return id.asText();
    }

    private static Long version(JsonNode request, String field) {
        JsonNode version = request.get(field);
        if (version == null || version.isNull()) {
            return null;
        }
        if (!version.canConvertToLong() || !version.isIntegralNumber() || version.asLong() < 0) {
            throw new Rejected(ERR_MESSAGE_BADLY_FORMED, "'" + field + "' must be a non-negative integer");
        }
        return version.asLong();
    }

    private void subscribe(CollabSession session, ObjectNode request, boolean subscribe) throws InterruptedException {
        String id = documentId(request);
        Long version = version(request, "v");
        ObjectNode reply = messages.doc(request.path("a").asText(), id);
        ObjectNode data = open(session, id, version, subscribe, reply);
        if (data != null) {
            reply.set("data", data);
        }
        session.send(messages.json(reply));
    }

    /**
     * Fetches (and maybe subscribes): with a version, sends the operations since then and returns null; without,
     * returns the snapshot. The reply is queued under the document's lock, so no later operation overtakes it.
     */
    private ObjectNode open(CollabSession session, String id, Long version, boolean subscribe, ObjectNode reply)
            throws InterruptedException {
        LiveDocument document = documents.hold(id);
        boolean keep = false;
        document.lock.lock();
        try {
            requireVisible(session, document);
            if (document.chunked()) {
                throw new Rejected(ShareDbMessages.ERR_CONFLICT, ShareDbMessages.tooLargeMessage(id));
            }
            ObjectNode data = null;
            if (version != null) {
                if (!document.awaitVersion(version, properties.catchUpTimeout())) {
                    throw new Rejected(ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT, "Version " + version
                            + " is newer than the document's version " + document.version());
                }
                requireVisible(session, document);
                for (Committed committed : since(document, version)) {
                    session.send(messages.op(id, committed));
                }
            } else {
                data = messages.snapshotData(document.version(), document.text());
            }
            if (subscribe) {
                if (session.subscriptions.putIfAbsent(id, document) == null) {
                    document.subscribe(session);
                    keep = true;
                }
            }
            return data;
        } finally {
            document.lock.unlock();
            if (!keep) {
                documents.release(document);
            }
        }
    }

    private void unsubscribe(CollabSession session, ObjectNode request) {
        String id = documentId(request);
        drop(session, id);
        session.send(messages.json(messages.doc("u", id)));
    }

    private void drop(CollabSession session, String id) {
        LiveDocument document = session.subscriptions.get(id);
        if (document != null) {
            document.lock.lock();
            try {
                document.unsubscribe(session);
            } finally {
                document.lock.unlock();
            }
            session.unsubscribed(document, null);
        }
    }

    /** {@code bs}/{@code bf}: {@code b} is a list of ids (snapshots) or an object of id to version (operations since). */
    private void bulk(CollabSession session, ObjectNode request, boolean subscribe) throws InterruptedException {
        documentCollection(request);
        JsonNode bulk = request.get("b");
        ObjectNode reply = messages.object();
        reply.put("a", request.path("a").asText());
        reply.put("c", COLLECTION);
        if (bulk != null && bulk.isArray()) {
            ObjectNode data = reply.putObject("data");
            for (JsonNode id : bulk) {
                data.set(id.asText(), bulkOne(session, id.asText(), null, subscribe));
            }
        } else if (bulk != null && bulk.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = bulk.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                bulkOne(session, entry.getKey(), entry.getValue().isNull() ? null : entry.getValue().asLong(), subscribe);
            }
            reply.set("b", bulk);
        } else {
            throw new Rejected(ERR_MESSAGE_BADLY_FORMED, "Invalid bulk subscribe data");
        }
        session.send(messages.json(reply));
    }

    private JsonNode bulkOne(CollabSession session, String id, Long version, boolean subscribe)
            throws InterruptedException {
        try {
            if (!DocumentIds.isDocumentId(id)) {
                throw new Rejected(ERR_DOC_DOES_NOT_EXIST, NO_SUCH_DOCUMENT);
            }
            return open(session, id, version, subscribe, null);
        } catch (Rejected rejected) {
            ObjectNode error = messages.object();
            ObjectNode detail = error.putObject("error");
            detail.put("code", rejected.code);
            detail.put("message", rejected.getMessage());
            return error;
        }
    }

    private void bulkUnsubscribe(CollabSession session, ObjectNode request) {
        documentCollection(request);
        JsonNode bulk = request.path("b");
        for (JsonNode id : bulk) {
            drop(session, id.asText());
        }
        ObjectNode reply = messages.object();
        reply.put("a", "bu");
        reply.put("c", COLLECTION);
        reply.set("b", bulk);
        session.send(messages.json(reply));
    }

    private static void documentCollection(JsonNode request) {
        if (!COLLECTION.equals(request.path("c").asText())) {
            throw new Rejected(ERR_MESSAGE_BADLY_FORMED, "Unknown collection " + request.get("c")
                    + "; the only collection is '" + COLLECTION + "'");
        }
    }

    /** {@code nf}: the document as it was at a version, folded from its events. */
    private void snapshotAtVersion(CollabSession session, ObjectNode request) {
        String id = documentId(request);
        Long version = version(request, "v");
        requireReadable(session, id);
        LiveDocument.State state = new LiveDocument.State();
        for (LiveDocument.StoredEvent event : documents.read(id)) {
            if (version != null && event.sequence() >= version) {
                break;
            }
            LiveEvents.apply(state, event.payload(), event.sequence(), event.metaData());
        }
        if (state.chunked) {
            throw new Rejected(ShareDbMessages.ERR_CONFLICT, ShareDbMessages.tooLargeMessage(id));
        }
        ObjectNode reply = messages.object();
        reply.put("a", "nf");
        reply.set("id", request.get("id"));
        reply.put("v", state.version);
        reply.put("type", ShareDbMessages.TEXT_UNICODE);
        reply.put("data", state.text);
        session.send(messages.json(reply));
    }

    /** Refuses a document the caller may not read (or that does not exist), as a missing one. */
    private void requireReadable(CollabSession session, String id) {
        LiveDocument document = documents.hold(id);
        try {
            document.lock.lock();
            try {
                requireVisible(session, document);
            } finally {
                document.lock.unlock();
            }
        } finally {
            documents.release(document);
        }
    }

    private static void requireVisible(CollabSession session, LiveDocument document) {
        if (!document.visibleTo(session.actor())) {
            throw new Rejected(ERR_DOC_DOES_NOT_EXIST, NO_SUCH_DOCUMENT);
        }
    }

    /** The operations after {@code version}, from memory or, for a client that far behind, from the event store. */
    private List<Committed> since(LiveDocument document, long version) {
        List<Committed> recent = document.since(version);
        if (recent != null) {
            return recent;
        }
        LiveDocument.State state = new LiveDocument.State();
        List<Committed> older = new ArrayList<>();
        for (LiveDocument.StoredEvent event : documents.read(document.id)) {
            Committed committed = LiveEvents.apply(state, event.payload(), event.sequence(), event.metaData());
            if (committed.version() > version && committed.version() <= document.version()) {
                older.add(committed);
            }
        }
        return older;
    }

    // ---- operations -------------------------------------------------------------------------------------------------

    private record Submission(String src, long seq, long version, TextOp op) {
    }

    private void submit(CollabSession session, ObjectNode request) throws InterruptedException {
        long started = System.nanoTime();
        String id = documentId(request);
        if (request.has("create")) {
            throw new Rejected(ShareDbMessages.ERR_FORBIDDEN, "Create documents with POST /api/documents; the live channel "
                    + "edits documents that exist");
        }
        if (request.has("del")) {
            throw new Rejected(ShareDbMessages.ERR_FORBIDDEN, "Delete documents with DELETE /api/documents/" + id);
        }
        Long version = version(request, "v");
        Long seq = version(request, "seq");
        if (version == null || seq == null || !request.has("op")) {
            throw new Rejected(ERR_MESSAGE_BADLY_FORMED, "An operation needs 'v', 'seq' and 'op'");
        }
        JsonNode src = request.get("src");
        String source = src != null && src.isTextual() && !src.asText().isEmpty() ? src.asText() : session.src();
        TextOp op;
        try {
            op = TextOp.fromJson(messages.mapper().treeToValue(request.get("op"), Object.class)).normalized();
        } catch (InvalidOperationException | JsonProcessingException e) {
            throw new Rejected(ERR_OT_OP_BADLY_FORMED, "Not a text-unicode operation: " + e.getMessage());
        }
        String outcome = "error";
        try {
            outcome = commit(session, id, new Submission(source, seq, version, op));
        } finally {
            meters.counter("sandstone.collab.operations", "outcome", outcome).increment();
            submitTimer.record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * Commits one operation. Submits to one document are taken one at a time on this instance (the transform and
     * the commit at version v+1 are sequential by nature, and waiting here costs no database connection); a commit
     * made elsewhere meanwhile (a REST edit, another instance) is a lost race, transformed against and retried.
     */
    private String commit(CollabSession session, String id, Submission submission) throws InterruptedException {
        LiveDocument document = documents.hold(id);
        try {
            if (!document.submits.tryLock(properties.catchUpTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
                throw new Rejected(ShareDbMessages.ERR_UNAVAILABLE, "The document is too busy to take this operation "
                        + "now; it was not applied");
            }
            try {
                return commitInTurn(session, document, submission);
            } finally {
                document.submits.unlock();
            }
        } finally {
            documents.release(document);
        }
    }

    private String commitInTurn(CollabSession session, LiveDocument document, Submission submission)
            throws InterruptedException {
        String id = document.id;
        TextOp op = submission.op();
        long base = submission.version();
        long transientDeadline = System.nanoTime() + properties.catchUpTimeout().toNanos();
        long backoffMillis = 20;
        for (int attempt = 1; attempt <= properties.submitAttempts(); attempt++) {
            TextDelta delta;
            long at;
            document.lock.lock();
            try {
                requireVisible(session, document);
                if (document.chunked()) {
                    throw new Rejected(ShareDbMessages.ERR_CONFLICT, ShareDbMessages.tooLargeMessage(id));
                }
                if (!document.awaitVersion(base, properties.catchUpTimeout())) {
                    throw new Rejected(ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT, "Version " + base
                            + " is newer than the document's version " + document.version());
                }
                boolean subscribed = document.isSubscribed(session);
                List<Committed> since = since(document, base);
                for (Committed committed : since) {
                    if (!subscribed) {
                        session.send(messages.op(id, committed));
                    }
                    if (committed.submittedBy(submission.src(), submission.seq())) {
                        // Already committed (a resend after a reconnect): acknowledge, apply nothing.
                        session.send(messages.ack(id, submission.src(), submission.seq(), committed.version() - 1));
                        return "duplicate";
                    }
                    if (committed.kind() == Committed.Kind.END) {
                        throw new Rejected(ERR_DOC_WAS_DELETED, "The document was deleted");
                    }
                    op = op.transform(committed.op(), TextOp.Side.LEFT);
                }
                at = document.version();
                base = at;
                if (op.isNoop()) {
                    throw new Rejected(ERR_NO_OP, "The operation changes nothing and was not committed");
                }
                try {
                    delta = op.toDelta(document.text());
                } catch (IllegalArgumentException e) {
                    throw new Rejected(ERR_OT_OP_NOT_APPLIED, "The operation does not fit the document at version "
                            + at + ": " + e.getMessage());
                }
                document.expectAck(submission.src(), submission.seq(), session,
                        messages.ack(id, submission.src(), submission.seq(), at));
            } finally {
                document.lock.unlock();
            }
            try {
                CommandResult result = commands.sendAndWait(GenericCommandMessage
                        .asCommandMessage(new ApplyContentDelta(id, delta, at))
                        .withMetaData(metaData(session, submission)));
                document.lock.lock();
                try {
                    document.committedHere(result.version(), delta, submission.src(), submission.seq());
                } finally {
                    document.lock.unlock();
                }
                return "committed";
            } catch (DomainException rejected) {
                forgetAck(document, submission);
                if (rejected.kind() != DomainException.Kind.STALE_VERSION) {
                    throw fromDomain(rejected);
                }
            } catch (ConcurrencyException raced) {
                forgetAck(document, submission);
            } catch (RuntimeException failure) {
                forgetAck(document, submission);
                if (!unavailable(failure)) {
                    throw failure;
                }
                // The event store is down or its pool is exhausted: nothing was written; try again shortly.
                if (System.nanoTime() > transientDeadline) {
                    log.warn("Live operation on {} not committed: the event store stayed unavailable", id, failure);
                    throw new Rejected(ShareDbMessages.ERR_UNAVAILABLE, "The event store is unavailable or overloaded;"
                            + " the operation was not applied, send it again");
                }
                Thread.sleep(backoffMillis);
                backoffMillis = Math.min(500, backoffMillis * 2);
                attempt--;
                continue;
            }
            // Another commit was faster: wait until this instance has seen it, then transform again.
            document.lock.lock();
            try {
                document.awaitAfter(at, properties.catchUpTimeout());
            } finally {
                document.lock.unlock();
            }
        }
        throw new Rejected(ERR_MAX_SUBMIT_RETRIES_EXCEEDED, "The operation lost the race to commit "
                + properties.submitAttempts() + " times; it was not applied");
    }

    /** Whether a failure means no transaction could even start: the pool is exhausted or the database is down. */
    static boolean unavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof org.springframework.transaction.CannotCreateTransactionException
                    || cause instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                    || cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof org.springframework.dao.TransientDataAccessResourceException) {
                return true;
            }
        }
        return false;
    }

    private static void forgetAck(LiveDocument document, Submission submission) {
        document.lock.lock();
        try {
            document.forgetAck(submission.src(), submission.seq());
        } finally {
            document.lock.unlock();
        }
    }

    private static Map<String, Object> metaData(CollabSession session, Submission submission) {
        Map<String, Object> metaData = new HashMap<>(session.actor().toMetaData());
        metaData.put(LiveEvents.META_SRC, submission.src());
        metaData.put(LiveEvents.META_SEQ, submission.seq());
        return metaData;
    }

    /**
     * The aggregate's refusals keep their meaning: ShareDB's client rolls the operation back and reports the error
     * (it would swallow {@code ERR_OP_SUBMIT_REJECTED}, which is meant for silent middleware rejections).
     */
    private static Rejected fromDomain(DomainException rejected) {
        return switch (rejected.kind()) {
            case NOT_FOUND -> new Rejected(ERR_DOC_DOES_NOT_EXIST, NO_SUCH_DOCUMENT);
            case FORBIDDEN -> new Rejected(ShareDbMessages.ERR_FORBIDDEN, rejected.getMessage());
            case TOO_LARGE -> new Rejected(ShareDbMessages.ERR_TOO_LARGE, rejected.getMessage());
            case CONFLICT -> new Rejected(ShareDbMessages.ERR_CONFLICT, rejected.getMessage());
            default -> new Rejected(ERR_OT_OP_NOT_APPLIED, rejected.getMessage());
        };
    }

    // ---- presence ---------------------------------------------------------------------------------------------------

    private String presenceDocument(CollabSession session, ObjectNode request) {
        JsonNode channel = request.get("ch");
        String id = channel != null && channel.isTextual() ? PresenceChannels.documentOf(channel.asText()) : null;
        if (id == null || !DocumentIds.isDocumentId(id)) {
            throw new Rejected(ERR_DOC_DOES_NOT_EXIST, "Presence channels are 'documents.<document id>' of documents "
                    + "you can read");
        }
        requireReadable(session, id);
        return id;
    }

    private void presenceSubscribe(CollabSession session, ObjectNode request) {
        String id = presenceDocument(session, request);
        String channel = PresenceChannels.channelOf(id);
        presence.subscribe(channel, session);
        session.presences.computeIfAbsent(channel, key -> new java.util.concurrent.ConcurrentHashMap<>());
        ObjectNode reply = messages.object();
        reply.put("a", "ps");
        reply.put("ch", channel);
        reply.set("seq", request.get("seq"));
        session.send(messages.json(reply));
        presence.relay(channel, session, presenceRequestMessage(channel));
    }

    private void presenceUnsubscribe(CollabSession session, ObjectNode request) {
        String channel = request.path("ch").asText();
        presence.unsubscribe(channel, session);
        ObjectNode reply = messages.object();
        reply.put("a", "pu");
        reply.put("ch", channel);
        reply.set("seq", request.get("seq"));
        session.send(messages.json(reply));
    }

    private void presenceRequest(CollabSession session, ObjectNode request) {
        String id = presenceDocument(session, request);
        String channel = PresenceChannels.channelOf(id);
        presence.relay(channel, session, presenceRequestMessage(channel));
    }

    private String presenceRequestMessage(String channel) {
        ObjectNode message = messages.object();
        message.put("a", "pr");
        message.put("ch", channel);
        return messages.json(message);
    }

    /**
     * {@code p}: a cursor or selection {@code {index, length}} in code points (or null when it goes). The server
     * names its user ({@code "user"}, from the connection's credentials, so it cannot be spoofed), brings it to the
     * document's current version through the operations since the version it was made at, and relays it.
     */
    private void presence(CollabSession session, ObjectNode request) {
        String id = presenceDocument(session, request);
        String channel = PresenceChannels.channelOf(id);
        JsonNode presenceId = request.get("id");
        if (presenceId == null || !presenceId.isTextual() || !CLIENT_ID.matcher(presenceId.asText()).matches()) {
            throw new Rejected(ERR_MESSAGE_BADLY_FORMED, "Invalid presence ID");
        }
        ObjectNode message = messages.object();
        message.put("a", "p");
        message.put("ch", channel);
        message.put("src", session.src());
        message.set("id", presenceId);
        JsonNode value = request.get("p");
        long pv = request.path("pv").asLong(0);
        message.put("pv", pv);
        message.put("c", COLLECTION);
        message.put("d", id);
        Long version = version(request, "v");
        if (value instanceof ObjectNode cursor) {
            ObjectNode named = cursor.deepCopy();
            named.put("user", session.actor().userId());
            if (version != null) {
                version = transformPresence(id, named, version, session.src());
            }
            message.set("p", named);
        } else {
            message.putNull("p");
        }
        if (version != null) {
            message.put("v", version);
        } else {
            message.putNull("v");
        }
        message.set("t", request.get("t"));
        String json = messages.json(message);
        session.presences.computeIfAbsent(channel, key -> new java.util.concurrent.ConcurrentHashMap<>())
                .put(presenceId.asText(), new PresenceChannels.Sent(message, pv));
        presence.relay(channel, session, json);
        session.send(json);
    }

    /** Moves {@code index}/{@code length} through the operations after {@code version}; returns the new version. */
    private long transformPresence(String id, ObjectNode cursor, long version, String src) {
        if (!cursor.path("index").canConvertToInt()) {
            return version;
        }
        LiveDocument document = documents.hold(id);
        try {
            document.lock.lock();
            try {
                if (version >= document.version()) {
                    return version;
                }
                List<Committed> since = document.since(version);
                if (since == null) {
                    return version;
                }
                int start = cursor.path("index").asInt();
                int end = start + cursor.path("length").asInt(0);
                for (Committed committed : since) {
                    start = committed.op().transformPosition(start);
                    end = committed.op().transformPosition(end);
                }
                cursor.put("index", start);
                cursor.put("length", Math.max(0, end - start));
                return document.version();
            } finally {
                document.lock.unlock();
            }
        } finally {
            documents.release(document);
        }
    }

    /** A request the protocol refuses, with ShareDB's error code. */
    static final class Rejected extends RuntimeException {
        final String code;

        Rejected(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
