package dev.sandstone.query.exports;

import dev.sandstone.api.compliance.ExportRequested;
import dev.sandstone.api.compliance.ExportType;
import java.time.Instant;
import java.util.List;

/** The human-readable {@code summary.md} of an archive: what was asked, by whom, when, and what each file holds. */
final class ExportSummary {

    private ExportSummary() {
    }

    static String markdown(ExportRequested request, Instant requestedAt, Instant generatedAt, List<String> entries) {
        StringBuilder text = new StringBuilder();
        text.append("# Sandstone ").append(request.type().wireName()).append(" export\n\n");
        text.append("| | |\n|---|---|\n");
        row(text, "Export", "`" + request.exportId() + "`");
        row(text, "Type", request.type().wireName());
        if (request.type() == ExportType.SUBJECT_ACCESS) {
            row(text, "Data subject", "user `" + request.userId() + "`");
        } else {
            row(text, "Document", "`" + request.documentId() + "`");
            row(text, "Time range", (request.from() == null ? "the beginning" : request.from().toString()) + " (inclusive)"
                    + " to " + (request.to() == null ? "the export" : request.to() + " (exclusive)"));
        }
        row(text, "Requested by", "`" + request.requestedBy() + "`");
        row(text, "Requested at", requestedAt.toString());
        row(text, "Generated at", generatedAt.toString());
        text.append("\n## Files\n\n");
        entries.forEach(line -> text.append(line).append('\n'));
        text.append("- `").append(ExportRunner.SUMMARY).append("`: this summary\n");
        text.append("- `").append(ExportArchive.MANIFEST).append("`: the SHA-256 of every other file; after unzipping, ")
                .append("`sha256sum -c ").append(ExportArchive.MANIFEST).append("` checks them\n");
        text.append("""

                ## Reading the records

                Each `.ndjson` file holds one JSON object per line (UTF-8); times are ISO-8601 in UTC. The records are \
                what Sandstone's read model and audit archive held when the export ran (they follow the event store \
                within about a second). The request and the completion of this export, with the SHA-256 of this \
                archive, are themselves audit records (`GET /api/audit?documentId=export-<export id>`).
                """);
        return text.toString();
    }

    private static void row(StringBuilder text, String name, String value) {
        text.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
