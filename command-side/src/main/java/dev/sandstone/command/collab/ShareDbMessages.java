package dev.sandstone.command.collab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The server's messages of the ShareDB wire protocol (protocol 1.2, as {@code sharedb} 7 speaks it), as JSON text.
 * Collection {@value #COLLECTION}; snapshots are of the {@code text-unicode} type, whose data is the plain text.
 */
final class ShareDbMessages {

    static final String COLLECTION = "documents";
    static final String TEXT_UNICODE = "http://sharejs.org/types/text-unicode";
    /** ShareDB's default type, which a client checks in the handshake (documents here are all text-unicode). */
    static final String DEFAULT_TYPE = "http://sharejs.org/types/JSONv0";
    static final int PROTOCOL = 1;
    static final int PROTOCOL_MINOR = 2;

    /** ShareDB's error codes, as its client knows them. */
    static final String ERR_MESSAGE_BADLY_FORMED = "ERR_MESSAGE_BADLY_FORMED";
    static final String ERR_DOC_DOES_NOT_EXIST = "ERR_DOC_DOES_NOT_EXIST";
    static final String ERR_DOC_WAS_DELETED = "ERR_DOC_WAS_DELETED";
    static final String ERR_NO_OP = "ERR_NO_OP";
    static final String ERR_OP_SUBMIT_REJECTED = "ERR_OP_SUBMIT_REJECTED";
    static final String ERR_OT_OP_BADLY_FORMED = "ERR_OT_OP_BADLY_FORMED";
    static final String ERR_OT_OP_NOT_APPLIED = "ERR_OT_OP_NOT_APPLIED";
    static final String ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT = "ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT";
    static final String ERR_MAX_SUBMIT_RETRIES_EXCEEDED = "ERR_MAX_SUBMIT_RETRIES_EXCEEDED";
    static final String ERR_UNKNOWN_ERROR = "ERR_UNKNOWN_ERROR";
    /** Sandstone's own codes for the aggregate's refusals (403, 409, 413 over REST). */
    static final String ERR_FORBIDDEN = "ERR_FORBIDDEN";
    static final String ERR_CONFLICT = "ERR_CONFLICT";
    static final String ERR_TOO_LARGE = "ERR_TOO_LARGE";
    static final String NO_SUCH_DOCUMENT = "No such document";

    private final ObjectMapper mapper;

    ShareDbMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    String json(Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a ShareDB message", e);
        }
    }

    /** Sent when a connection opens; a 1.1+ client answers with its handshake. */
    String init(String clientId) {
        return json(hello("init", clientId));
    }

    ObjectNode handshake(String src) {
        return hello("hs", src);
    }

    private ObjectNode hello(String action, String id) {
        ObjectNode message = object();
        message.put("a", action);
        message.put("protocol", PROTOCOL);
        message.put("protocolMinor", PROTOCOL_MINOR);
        message.put("id", id);
        message.put("type", DEFAULT_TYPE);
        return message;
    }

    /** A committed version as subscribers receive it: an operation, or the document's deletion. */
    String op(String documentId, Committed committed) {
        ObjectNode message = doc("op", documentId);
        message.put("v", committed.version() - 1);
        message.put("src", committed.src());
        message.put("seq", committed.seq());
        if (committed.kind() == Committed.Kind.END) {
            message.put("del", true);
        } else {
            message.set("op", mapper.valueToTree(committed.op().toJson()));
        }
        return json(message);
    }

    String ack(String documentId, String src, long seq, long version) {
        ObjectNode message = doc("op", documentId);
        message.put("src", src);
        message.put("seq", seq);
        message.put("v", version);
        return json(message);
    }

    ObjectNode snapshotData(long version, String text) {
        ObjectNode data = object();
        data.put("v", version);
        data.put("data", text);
        data.put("type", TEXT_UNICODE);
        return data;
    }

    ObjectNode doc(String action, String documentId) {
        ObjectNode message = object();
        message.put("a", action);
        message.put("c", COLLECTION);
        message.put("d", documentId);
        return message;
    }

    /** ShareDB's error reply: the request itself, with {@code error}. */
    String error(ObjectNode request, String code, String text) {
        ObjectNode reply = request.deepCopy();
        ObjectNode error = reply.putObject("error");
        error.put("code", code);
        error.put("message", text);
        return json(reply);
    }

    /** Ends a subscription without a request: the client's doc reports the error. */
    String noSuchDocument(String documentId) {
        return error(doc("op", documentId), ERR_DOC_DOES_NOT_EXIST, NO_SUCH_DOCUMENT);
    }

    String tooLargeForLiveEditing(String documentId) {
        return error(doc("op", documentId), ERR_CONFLICT, tooLargeMessage(documentId));
    }

    static String tooLargeMessage(String documentId) {
        return "The document is stored in chunks (its content is over the inline limit of live editing) "
                + "and cannot be edited live; read it from GET /api/documents/" + documentId + "/content and replace it "
                + "with PUT /api/documents/" + documentId + "/content";
    }
}
