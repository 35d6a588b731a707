package dev.sandstone.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the service's event table directly, to count the events a run appended and how big they are (and, for the
 * search benchmark, how many documents the PostgreSQL search index holds).
 */
final class EventStore {

    /** Events appended after a mark, and their average stored sizes in bytes. */
    record Appended(long events, double avgPayloadBytes, double avgMetaDataBytes) {
    }

    private final String jdbcUrl;

    EventStore(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** The highest global index so far: the mark to count from. */
    long mark() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * The PostgreSQL server process (postmaster) when it runs on this machine: the parent of our own backend.
     * Null when it cannot be seen in /proc (a remote or containerised server).
     */
    Long postmasterPid() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            String stat = Files.readString(Path.of("/proc/" + row.getLong(1) + "/stat"));
            return Long.valueOf(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (SQLException | IOException | RuntimeException unknown) {
            return null;
        }
    }

    /** Events up to and including a global index: what a replay up to that head goes through. */
    long countUpTo(long head) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM domain_event_entry WHERE global_index <= ?")) {
            statement.setLong(1, head);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Documents in the search index when it is the PostgreSQL adapter's table; null otherwise. */
    Long searchDocuments() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM search_documents")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException noSuchTable) {
            return null;
        }
    }

    Appended appendedSince(long mark) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT count(*), coalesce(avg(octet_length(payload)), 0), coalesce(avg(octet_length(meta_data)), 0)
                     FROM domain_event_entry WHERE global_index > ?""")) {
            statement.setLong(1, mark);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Appended(row.getLong(1), Math.round(row.getDouble(2)), Math.round(row.getDouble(3)));
            }
        }
    }
}
