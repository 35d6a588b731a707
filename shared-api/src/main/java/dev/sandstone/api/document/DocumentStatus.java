package dev.sandstone.api.document;

import java.util.Locale;
import java.util.Optional;

public enum DocumentStatus {
    DRAFT, PUBLISHED, ARCHIVED;

    public static Optional<DocumentStatus> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException notAStatus) {
            return Optional.empty();
        }
    }
}
