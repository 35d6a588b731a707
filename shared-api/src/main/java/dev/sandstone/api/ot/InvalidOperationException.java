package dev.sandstone.api.ot;

/**
 * A text operation that is malformed (not a list of skips, inserts and deletes in the shape the
 * {@code text-unicode} type allows) or that does not fit the document it is applied to. The message says which
 * component is at fault and why, so it can be shown to the client that sent the operation.
 */
public class InvalidOperationException extends IllegalArgumentException {

    public InvalidOperationException(String message) {
        super(message);
    }
}
