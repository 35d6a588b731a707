package dev.sandstone.query.exports;

import java.util.Locale;

/** Where an export is: {@code queued} → {@code running} → {@code completed} or {@code failed}; {@code expired} once
 * its archive outlived the retention period. */
enum ExportStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, EXPIRED;

    /** Whether the export is over: its job never runs again. */
    boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == EXPIRED;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ExportStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
