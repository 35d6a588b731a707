package dev.sandstone.benchmark;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The physical limit our event store is compared with: raw JDBC inserts of rows shaped like Axon's event rows
 * (same columns, constraints and sequence-backed key; a ~300-byte JSON payload and JSON metadata as BYTEA)
 * into a scratch table in the service's own PostgreSQL. Two modes, each on {@code threads} connections:
 * one commit per row, and 10-row transactions (one JDBC batch each). The scratch table is dropped afterwards.
 */
final class PhysicalReference {

    static final int BATCH = 10;
    private static final String TABLE = "benchmark_reference_event";
    private static final int EVENTS_PER_AGGREGATE = 50;

    /** Rows per second of each mode. */
    record Figures(int threads, double secondsPerMode, int payloadBytes, int metaDataBytes,
                   double perRowCommitPerSecond, double batchedPerSecond, int batchSize) {
    }

    private final String jdbcUrl;
    private final byte[] payload = json(300, "{\"documentId\":\"%s\",\"delta\":{\"ops\":[{\"retain\":812},"
            + "{\"delete\":7},{\"insert\":\"release\"},{\"retain\":1180}]},\"note\":\"%s\"}");
    private final byte[] metaData = json(220, "{\"actor\":{\"userId\":\"bench-user-7\",\"roles\":[]},"
            + "\"traceId\":\"%s\",\"correlationId\":\"%s\"}");

    PhysicalReference(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    Figures measure(Duration perMode, int threads) throws Exception {
        execute("DROP TABLE IF EXISTS " + TABLE, "DROP SEQUENCE IF EXISTS " + TABLE + "_seq",
                "CREATE SEQUENCE " + TABLE + "_seq",
                """
                CREATE TABLE %1$s (
                    global_index         BIGINT       NOT NULL DEFAULT nextval('%1$s_seq'),
                    event_identifier     VARCHAR(255) NOT NULL,
                    aggregate_identifier VARCHAR(255) NOT NULL,
                    sequence_number      BIGINT       NOT NULL,
                    type                 VARCHAR(255),
                    time_stamp           VARCHAR(255) NOT NULL,
                    payload_type         VARCHAR(255) NOT NULL,
                    payload_revision     VARCHAR(255),
                    payload              BYTEA        NOT NULL,
                    meta_data            BYTEA,
                    CONSTRAINT %1$s_pk PRIMARY KEY (global_index),
                    CONSTRAINT %1$s_aggregate_sequence_uk UNIQUE (aggregate_identifier, sequence_number),
                    CONSTRAINT %1$s_event_identifier_uk UNIQUE (event_identifier))""".formatted(TABLE));
        try {
            double perRow = run(perMode, threads, 1);
            double batched = run(perMode, threads, BATCH);
            return new Figures(threads, perMode.toMillis() / 1000.0, payload.length, metaData.length, perRow, batched,
                    BATCH);
        } finally {
            execute("DROP TABLE IF EXISTS " + TABLE, "DROP SEQUENCE IF EXISTS " + TABLE + "_seq");
        }
    }

    /** Rows per second over all threads, each committing every {@code rowsPerCommit} rows. */
    private double run(Duration duration, int threads, int rowsPerCommit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            List<Future<Long>> inserted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                inserted.add(pool.submit(inserter(end, rowsPerCommit)));
            }
            long rows = 0;
            for (Future<Long> count : inserted) {
                rows += count.get();
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private Callable<Long> inserter(long end, int rowsPerCommit) {
        return () -> {
            try (Connection connection = DriverManager.getConnection(jdbcUrl);
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                         + " (event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type,"
                         + " payload_revision, payload, meta_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                connection.setAutoCommit(rowsPerCommit == 1);
                long rows = 0;
                String aggregate = UUID.randomUUID().toString();
                while (System.nanoTime() < end) {
                    for (int i = 0; i < rowsPerCommit; i++, rows++) {
                        if (rows % EVENTS_PER_AGGREGATE == 0) {
                            aggregate = UUID.randomUUID().toString();
                        }
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.setString(2, aggregate);
                        insert.setLong(3, rows % EVENTS_PER_AGGREGATE);
                        insert.setString(4, "Document");
                        insert.setString(5, Instant.now().toString());
                        insert.setString(6, "dev.sandstone.api.document.event.DocumentContentEdited");
                        insert.setString(7, null);
                        insert.setBytes(8, payload);
                        insert.setBytes(9, metaData);
                        if (rowsPerCommit == 1) {
                            insert.executeUpdate();
                        } else {
                            insert.addBatch();
                        }
                    }
                    if (rowsPerCommit > 1) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                return rows;
            }
        };
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** A JSON text of exactly {@code size} bytes: the template filled with ids, padded in its last field. */
    private static byte[] json(int size, String template) {
        String filled = template.formatted(UUID.randomUUID(), "%s");
        int padding = Math.max(0, size - filled.length() + 2);
        return filled.formatted("x".repeat(padding)).getBytes(StandardCharsets.UTF_8);
    }
}
