package dev.sandstone.command.collab;

import dev.sandstone.api.ot.TextOp;

/**
 * One committed version of a document as the live channel sends it: the text-unicode operation that took the text
 * from {@code version - 1} to {@code version} (a no-op for changes that leave the text alone: title, tags, roles,
 * publishing), or the document's end. {@code src} and {@code seq} name the live client that submitted it, or are
 * {@code ""} and the version for anything else, such as a REST edit.
 */
record Committed(long version, TextOp op, Kind kind, String src, long seq) {

    enum Kind {
        /** The text changed by {@code op} (maybe a no-op). */
        EDIT,
        /** The document was deleted or erased. */
        END,
        /** The content moved to the blob store (over the inline limit): no longer live-editable. */
        STORED
    }

    static final String SERVER_SRC = "";

    boolean submittedBy(String otherSrc, long otherSeq) {
        return !src.isEmpty() && src.equals(otherSrc) && seq == otherSeq;
    }
}
