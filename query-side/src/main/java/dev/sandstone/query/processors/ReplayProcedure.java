package dev.sandstone.query.processors;

/**
 * A processor whose replay needs more than resetting its tokens (search rebuilds into a fresh index and swaps it
 * in); {@link ProcessorControl} uses it instead of the plain reset.
 */
public interface ReplayProcedure {

    String processingGroup();

    /** Starts the replay; false when one is already running. */
    boolean startReplay();
}
