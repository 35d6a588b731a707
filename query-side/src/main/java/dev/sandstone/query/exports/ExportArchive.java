package dev.sandstone.query.exports;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an export's ZIP file: entries of NDJSON records (one JSON object per line, UTF-8) and text, then, last,
 * {@value #MANIFEST}: the SHA-256 of every other entry in {@code sha256sum} format, so that
 * {@code sha256sum -c manifest.sha256} checks an unzipped archive. Entries are dated at the export's request time,
 * so the same records always make the same bytes. One entry is open at a time.
 */
final class ExportArchive implements AutoCloseable {

    static final String MANIFEST = "manifest.sha256";
    private static final byte[] NEWLINE = {'\n'};

    private final MessageDigest fileDigest;
    private final ZipOutputStream zip;
    private final ObjectMapper json;
    private final LocalDateTime entryTime;
    private final Map<String, String> checksums = new LinkedHashMap<>();
    private final Map<String, Long> recordCounts = new LinkedHashMap<>();
    private boolean finished;

    private ExportArchive(OutputStream out, ObjectMapper json, Instant entryTime) {
        this.fileDigest = sha256();
        this.zip = new ZipOutputStream(new DigestOutputStream(out, fileDigest), StandardCharsets.UTF_8);
        this.json = json;
        this.entryTime = LocalDateTime.ofInstant(entryTime, ZoneOffset.UTC);
    }

    static ExportArchive create(Path file, ObjectMapper json, Instant entryTime) {
        try {
            return new ExportArchive(Files.newOutputStream(file), json, entryTime);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the export file " + file, e);
        }
    }

    /** Opens an NDJSON entry; close it before the next one. */
    Records records(String name) {
        return new Records(name, open(name));
    }

    /** Writes a whole text entry (UTF-8). */
    void text(String name, String content) {
        try (Entry entry = open(name)) {
            entry.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records written per NDJSON entry so far, in the order the entries were written. */
    Map<String, Long> recordCounts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(recordCounts));
    }

    long totalRecords() {
        return recordCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Writes the manifest of every entry so far, closes the ZIP file and returns its SHA-256 (hexadecimal). */
    String finish() {
        StringBuilder manifest = new StringBuilder();
        checksums.forEach((name, sha256) -> manifest.append(sha256).append("  ").append(name).append('\n'));
        text(MANIFEST, manifest.toString());
        finished = true;
        close();
        return HexFormat.of().formatHex(fileDigest.digest());
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            if (finished) {
                throw new UncheckedIOException("Cannot complete the export file", e);
            }
        }
    }

    private Entry open(String name) {
        if (checksums.containsKey(name) || finished) {
            throw new IllegalStateException("Entry " + name + " was written already, or the archive is finished");
        }
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(entryTime);
        try {
            zip.putNextEntry(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Entry(name);
    }

    /** One entry's bytes, counted into its SHA-256; closing it closes the ZIP entry, not the file. */
    private final class Entry extends OutputStream {

        private final String name;
        private final MessageDigest sha256 = sha256();

        Entry(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) throws IOException {
            zip.write(b);
            sha256.update((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            zip.write(bytes, offset, length);
            sha256.update(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            zip.closeEntry();
            checksums.put(name, HexFormat.of().formatHex(sha256.digest()));
        }
    }

    /** An NDJSON entry: {@link #write} appends one record as one line. */
    final class Records implements AutoCloseable {

        private final String name;
        private final Entry entry;
        private long count;

        private Records(String name, Entry entry) {
            this.name = name;
            this.entry = entry;
            recordCounts.put(name, 0L);
        }

        void write(Object record) {
            try {
                byte[] line = json.writeValueAsBytes(record);
                entry.write(line, 0, line.length);
                entry.write(NEWLINE, 0, 1);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write a record of " + name, e);
            }
            recordCounts.put(name, ++count);
        }

        long count() {
            return count;
        }

        @Override
        public void close() {
            try {
                entry.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
