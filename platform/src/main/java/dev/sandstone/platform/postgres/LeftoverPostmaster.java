package dev.sandstone.platform.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a service that died leaves on its embedded PostgreSQL's data directory, before the next start:
 * <ul>
 * <li>a postmaster still running there ({@code pg_ctl} starts it in a session of its own, so it outlives a service
 *     killed by SIGKILL or the OOM killer): stopped by a fast shutdown (SIGINT, what {@code pg_ctl stop -m fast}
 *     sends), then an immediate one (SIGQUIT) if that takes longer than the time-out, but only after checking that the
 *     process runs the {@code postgres} binary in this very directory and that no live service holds the directory's
 *     lock;</li>
 * <li>backends of a postmaster that died, which exit by themselves once they notice: waited for;</li>
 * <li>a {@code postmaster.pid} whose PID is gone (a power cut) or now belongs to another process: removed, so that
 *     PostgreSQL does not refuse to start. The process it names is never signalled.</li>
 * </ul>
 * PostgreSQL then recovers from its write-ahead log as after any crash.
 */
final class LeftoverPostmaster {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);
    /** The embedded PostgreSQL library's lock file: held by the running service, released when its process ends. */
    private static final String SERVICE_LOCK = "epg-lock";
    private static final Duration IMMEDIATE_SHUTDOWN_WAIT = Duration.ofSeconds(15);

    private LeftoverPostmaster() {
    }

    static void clear(Path dataDirectory, Duration stopTimeout) {
        Path pidFile = dataDirectory.resolve(PostgresProcesses.PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        OptionalLong pid = PostgresProcesses.postmasterPid(dataDirectory);
        List<ProcessHandle> leftovers = PostgresProcesses.of(dataDirectory);
        if (!leftovers.isEmpty()) {
            requireNoRunningService(dataDirectory, leftovers);
        }
        Optional<ProcessHandle> postmaster = leftovers.stream()
                .filter(process -> pid.isPresent() && process.pid() == pid.getAsLong()).findFirst();
        if (postmaster.isPresent()) {
            stop(postmaster.get(), dataDirectory, stopTimeout);
        }
        awaitBackends(dataDirectory, stopTimeout);
        try {
            if (Files.deleteIfExists(pidFile)) {
                log.warn("Removed the stale {} of {}: {}", PostgresProcesses.PID_FILE, dataDirectory.toAbsolutePath(),
                        staleReason(pid));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the stale " + pidFile, e);
        }
    }

    private static void stop(ProcessHandle postmaster, Path dataDirectory, Duration timeout) {
        log.warn("PostgreSQL (PID {}) of {} outlived the service that started it: stopping it (fast shutdown) before "
                + "starting again", postmaster.pid(), dataDirectory.toAbsolutePath());
        signal(postmaster, dataDirectory, "INT");
        if (PostgresProcesses.awaitExit(List.of(postmaster), timeout)) {
            log.info("Leftover PostgreSQL (PID {}) stopped", postmaster.pid());
            return;
        }
        log.warn("PostgreSQL (PID {}) did not finish a fast shutdown within {} s: immediate shutdown; it recovers from "
                + "its write-ahead log at the next start", postmaster.pid(), timeout.toSeconds());
        signal(postmaster, dataDirectory, "QUIT");
        if (!PostgresProcesses.awaitExit(List.of(postmaster), IMMEDIATE_SHUTDOWN_WAIT)) {
            throw new IllegalStateException("PostgreSQL (PID " + postmaster.pid() + ") of " + dataDirectory.toAbsolutePath()
                    + " is left over from an earlier start and does not stop: stop it (pg_ctl stop -D "
                    + dataDirectory.toAbsolutePath() + " -m immediate) and start again");
        }
    }

    /** Signals the process only while it still is a PostgreSQL of this directory (its PID cannot have been reused). */
    private static void signal(ProcessHandle process, Path dataDirectory, String signal) {
        if (!PostgresProcesses.serves(process.pid(), dataDirectory)) {
            return;
        }
        try {
            PostgresProcesses.signal(process.pid(), signal);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot signal PostgreSQL (PID " + process.pid() + ")", e);
        }
    }

    /** Backends of a postmaster that died exit on their own once they notice; a stuck one is terminated. */
    private static void awaitBackends(Path dataDirectory, Duration timeout) {
        List<ProcessHandle> backends = PostgresProcesses.of(dataDirectory);
        if (backends.isEmpty()) {
            return;
        }
        log.warn("Waiting for {} PostgreSQL processes of {} left by a postmaster that is gone", backends.size(),
                dataDirectory.toAbsolutePath());
        if (PostgresProcesses.awaitExit(backends, timeout)) {
            return;
        }
        backends.stream().filter(backend -> PostgresProcesses.serves(backend.pid(), dataDirectory))
                .forEach(ProcessHandle::destroy);
        if (!PostgresProcesses.awaitExit(backends, IMMEDIATE_SHUTDOWN_WAIT)) {
            throw new IllegalStateException("PostgreSQL processes " + backends.stream().map(ProcessHandle::pid).toList()
                    + " of " + dataDirectory.toAbsolutePath() + " are left over from an earlier start and do not exit: "
                    + "stop them and start again");
        }
    }

    /**
     * The library holds its lock file for as long as the service runs; the lock goes with the service's process (the
     * postmaster does not inherit it). A lock that cannot be had means a live service uses the directory.
     */
    private static void requireNoRunningService(Path dataDirectory, List<ProcessHandle> postgres) {
        Path lockFile = dataDirectory.resolve(SERVICE_LOCK);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return;
            }
        } catch (OverlappingFileLockException heldByThisProcess) {
            // another embedded PostgreSQL of this very JVM runs on the directory
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check " + lockFile, e);
        }
        throw new IllegalStateException("The data directory " + dataDirectory.toAbsolutePath() + " is in use by a running "
                + "Sandstone (its PostgreSQL runs as PID " + postgres.get(0).pid() + "): stop that one first, or give "
                + "this one another sandstone.data-dir");
    }

    private static String staleReason(OptionalLong pid) {
        if (pid.isEmpty()) {
            return "it was unreadable (cut short by a crash)";
        }
        return ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive).isPresent()
                ? "its PID " + pid.getAsLong() + " now belongs to another process"
                : "its postmaster (PID " + pid.getAsLong() + ") is gone (a crash or power cut)";
    }
}
