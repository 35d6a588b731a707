package dev.sandstone.api.compliance;

import java.util.Arrays;
import java.util.Optional;

/** What an export holds; {@link #wireName()} is how the API and the archive name it. */
public enum ExportType {

    /** Everything Sandstone holds about one user: their documents, their roles, the audit records they caused. */
    SUBJECT_ACCESS("subject-access"),
    /** One document's full event history with its audit chain, optionally within a time range. */
    DOCUMENT_AUDIT("document-audit");

    private final String wireName;

    ExportType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ExportType> parse(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
