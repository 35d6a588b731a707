package dev.sandstone.command.collab;

import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.document.event.DocumentArchived;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentContentReplaced;
import dev.sandstone.api.document.event.DocumentContentStored;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentDeleted;
import dev.sandstone.api.document.event.DocumentErased;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.event.DocumentRoleRevoked;
import dev.sandstone.api.ot.TextOp;
import dev.sandstone.api.privacy.ErasedData;
import java.util.Map;

/**
 * How each document event changes the live view of a document (text, version, who may see it) and which operation
 * subscribers receive for it. REST edits are stored as UTF-16 deltas; they become text-unicode operations here, over
 * the text they applied to.
 */
final class LiveEvents {

    /** Metadata keys under which a live operation's client id and sequence number travel with its event. */
    static final String META_SRC = "collabSrc";
    static final String META_SEQ = "collabSeq";

    private LiveEvents() {
    }

    static Committed apply(LiveDocument.State state, Object event, long sequence, Map<String, ?> metaData) {
        long version = sequence + 1;
        String src = metaData.get(META_SRC) instanceof String s ? s : Committed.SERVER_SRC;
        long seq = metaData.get(META_SEQ) instanceof Number n ? n.longValue() : version;
        TextOp op = TextOp.noop();
        Committed.Kind kind = Committed.Kind.EDIT;
        // Java 17: no pattern switch yet; each event type is handled once, in this order.
        if (event instanceof DocumentCreated created) {
            state.text = created.content();
            state.owner = created.owner();
            state.members.clear();
            state.chunked = false;
            state.archived = false;
        } else if (event instanceof DocumentContentEdited edited) {
            op = edit(state, edited.delta());
        } else if (event instanceof DocumentContentReplaced replaced) {
            if (state.text != null) {
                op = TextOp.fromDelta(TextDelta.builder().delete(state.text.length()).insert(replaced.content())
                        .build(), state.text);
            }
            state.text = replaced.content();
            state.chunked = false;
        } else if (event instanceof DocumentContentStored) {
            state.text = null;
            state.chunked = true;
            kind = Committed.Kind.STORED;
        } else if (event instanceof DocumentArchived) {
            state.archived = true;
        } else if (event instanceof DocumentRoleGranted granted) {
            if (!ErasedData.isErased(granted.userId())) {
                state.members.put(granted.userId(), granted.role());
            }
        } else if (event instanceof DocumentRoleRevoked revoked) {
            state.members.remove(revoked.userId());
        } else if (event instanceof DocumentDeleted || event instanceof DocumentErased) {
            end(state);
        }
        // Anything else (title, tags, publishing) leaves the text as it is; the version moves on.
        if (state.gone) {
            kind = Committed.Kind.END;
        }
        state.version = version;
        return new Committed(version, op, kind, src, seq);
    }

    private static TextOp edit(LiveDocument.State state, TextDelta delta) {
        if (state.text == null) {
            return TextOp.noop();
        }
        if (delta.baseLength() != state.text.length()) {
            // An erased document's deltas read back empty; its stream ends with DocumentErased.
            state.text = null;
            return TextOp.noop();
        }
        TextOp op = TextOp.fromDelta(delta, state.text);
        state.text = delta.apply(state.text);
        return op;
    }

    private static void end(LiveDocument.State state) {
        state.gone = true;
        state.text = null;
        state.members.clear();
    }

    /** The role a user holds (owner included), or null. */
    static DocumentRole roleOf(LiveDocument.State state, String userId) {
        if (ErasedData.isErased(userId)) {
            return null;
        }
        return userId.equals(state.owner) ? DocumentRole.OWNER : state.members.get(userId);
    }
}
