package dev.sandstone.api.document;

import java.util.Locale;
import java.util.Optional;

/** Per-document roles, each including the rights of the ones before it: owner ⊇ publisher ⊇ editor ⊇ viewer. */
public enum DocumentRole {
    VIEWER, EDITOR, PUBLISHER, OWNER;

    public boolean includes(DocumentRole other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form ({@code viewer}, {@code editor}, ...); empty when it is not a role. */
    public static Optional<DocumentRole> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (DocumentRole role : values()) {
            if (role.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
