package dev.sandstone.query.exports;

import java.util.Locale;

/**
 * Where an export is: {@code queued} → {@code running} → {@code completed} or {@code failed}; then {@code expired} once
 * its archive outlived the retention period, or {@code erased} once it was deleted with the data subject it is about.
 */
enum ExportStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, EXPIRED, ERASED;

    /** Whether the export is over: its job never runs again. */
    boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ExportStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
