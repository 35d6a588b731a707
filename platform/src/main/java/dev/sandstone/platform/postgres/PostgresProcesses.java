package dev.sandstone.platform.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Duration;

/**
 * What Linux's {@code /proc} tells about the PostgreSQL processes of one data directory. A postmaster and each of its
 * backends run the {@code postgres} binary with the data directory as their working directory (the postmaster changes
 * into it at start), so the pair identifies them whatever their command line shows; {@code postmaster.pid} names the
 * postmaster among them.
 */
final class PostgresProcesses {

    static final String PID_FILE = "postmaster.pid";
    private static final String POSTGRES_BINARY = "postgres";

    private PostgresProcesses() {
    }

    /** The PID on the first line of the directory's {@code postmaster.pid}; empty when absent or unreadable. */
    static OptionalLong postmasterPid(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve(PID_FILE));
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Every running {@code postgres} process whose working directory is {@code dataDirectory}. */
    static List<ProcessHandle> of(Path dataDirectory) {
        Path directory = realPath(dataDirectory);
        return ProcessHandle.allProcesses().filter(process -> serves(process.pid(), directory)).toList();
    }

    /** Whether {@code pid} runs {@code postgres} with {@code dataDirectory} as its working directory. */
    static boolean serves(long pid, Path dataDirectory) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            Path binary = Files.readSymbolicLink(proc.resolve("exe")).getFileName();
            // An executable deleted while it runs (a cleaned temporary directory) reads "postgres (deleted)".
            boolean postgres = binary != null && binary.toString().replace(" (deleted)", "").equals(POSTGRES_BINARY);
            return postgres && proc.resolve("cwd").toRealPath().equals(realPath(dataDirectory));
        } catch (IOException | SecurityException | UnsupportedOperationException gone) {
            // exited meanwhile, or another user's process: never one of ours
            return false;
        }
    }

    /** Waits until every process has exited; false when some still run after {@code timeout}. */
    static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends {@code signal} (a name such as {@code INT}) to {@code pid} with the shell's own {@code kill}. */
    static void signal(long pid, String signal) throws IOException {
        Process kill = new ProcessBuilder("sh", "-c", "kill -s " + signal + " \"$1\"", "sh", Long.toString(pid))
                .redirectErrorStream(true).start();
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while signalling " + pid, e);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
