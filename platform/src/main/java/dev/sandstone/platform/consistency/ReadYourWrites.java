package dev.sandstone.platform.consistency;

/**
 * Port between the sides: after a command succeeds, the command API waits until the read model has applied
 * the resulting version, so any client reading next sees its own write. Where the projection runs in the same
 * process (the single-process shape), the query side's watcher implements it and is woken by the projection itself;
 * a command-side service on its own polls the shared read model instead. Timing: {@link ReadModelProperties}.
 */
public interface ReadYourWrites {

    /**
     * Blocks until the read model holds {@code documentId} at {@code version} or later, or the configured
     * timeout passes (then it returns {@code false}; the command has still succeeded).
     */
    boolean awaitDocumentVersion(String documentId, long version);
}
