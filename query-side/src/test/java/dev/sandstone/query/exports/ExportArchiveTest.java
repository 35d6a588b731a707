package dev.sandstone.query.exports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportArchiveTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant REQUESTED = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path directory;

    record Line(String id, Instant at) {
    }

    @Test
    void entries_are_ndjson_and_text_followed_by_a_manifest_of_their_sha256() throws Exception {
        Path file = directory.resolve("a.zip");
        try (ExportArchive archive = ExportArchive.create(file, JSON, REQUESTED)) {
            try (ExportArchive.Records records = archive.records("things.ndjson")) {
                records.write(new Line("a", REQUESTED));
                records.write(new Line("b\nc", REQUESTED.plusSeconds(1)));
            }
            try (ExportArchive.Records records = archive.records("none.ndjson")) {
                assertThat(records.count()).isZero();
            }
            archive.text("summary.md", "# Summary\n");
            assertThat(archive.recordCounts()).containsExactly(Map.entry("things.ndjson", 2L),
                    Map.entry("none.ndjson", 0L));
            assertThat(archive.finish()).as("the file's SHA-256").isEqualTo(sha256(Files.readAllBytes(file)));
        }

        Map<String, byte[]> entries = unzip(file);

        assertThat(entries.keySet()).containsExactly("things.ndjson", "none.ndjson", "summary.md", "manifest.sha256");
        assertThat(new String(entries.get("things.ndjson"), StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"a\",\"at\":\"2026-11-25T10:00:00Z\"}\n{\"id\":\"b\\nc\",\"at\":\"2026-11-25T10:00:01Z\"}\n");
        assertThat(entries.get("none.ndjson")).isEmpty();
        assertThat(new String(entries.get("manifest.sha256"), StandardCharsets.UTF_8)).isEqualTo(
                sha256(entries.get("things.ndjson")) + "  things.ndjson\n"
                        + sha256(entries.get("none.ndjson")) + "  none.ndjson\n"
                        + sha256(entries.get("summary.md")) + "  summary.md\n");
    }

    @Test
    void the_same_records_make_the_same_bytes() throws Exception {
        Path first = write("first.zip");
        Path second = write("second.zip");

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    }

    private Path write(String name) {
        Path file = directory.resolve(name);
        try (ExportArchive archive = ExportArchive.create(file, JSON, REQUESTED)) {
            try (ExportArchive.Records records = archive.records("things.ndjson")) {
                records.write(new Line("a", REQUESTED));
            }
            archive.finish();
        }
        return file;
    }

    private static Map<String, byte[]> unzip(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
