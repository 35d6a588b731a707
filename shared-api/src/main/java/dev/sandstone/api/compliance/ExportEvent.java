package dev.sandstone.api.compliance;

/**
 * Every fact about a compliance export. Exports are no aggregate: these events are published as they are and
 * processors sequence them by {@link #exportId()}. Who asked travels as message metadata ({@code actor}) and
 * in {@link ExportRequested#requestedBy()}. Stored shapes are forever: change one only with a new
 * {@code @Revision} and an upcaster.
 */
public sealed interface ExportEvent permits ExportRequested, ExportCompleted, ExportFailed {

    String exportId();
}
