package dev.sandstone.platform.postgres;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded postmaster when the service dies without stopping it (SIGKILL, the OOM killer, a JVM crash).
 * <p>
 * {@code pg_ctl} starts the postmaster in a session of its own, so nothing ties its life to the service's. The
 * watchdog is a tiny {@code sh} process, in a session of its own too ({@code setsid}: killing the service's process
 * group spares it), whose standard input is a pipe that only the service holds open. PostgreSQL watches its own
 * children the same way (the postmaster-death pipe): a pipe's last writer closing is the one signal the kernel gives
 * for any death, without polling. At end of input the watchdog sends the postmaster SIGINT (a fast shutdown), but only
 * while {@code postmaster.pid} still names the PID it was given: a postmaster started since is never touched. A
 * service that stops normally ends its watchdog first and stops PostgreSQL itself.
 */
public final class PostmasterWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostmasterWatchdog.class);
    /** $1: the postmaster's PID, $2: its data directory. Reads nothing but the end of its input. */
    private static final String SCRIPT = """
            while read -r _; do :; done
            { read -r pid < "$2/postmaster.pid"; } 2>/dev/null || exit 0
            [ "$pid" = "$1" ] || exit 0
            echo "Sandstone PostgreSQL watchdog: the service has gone; stopping PostgreSQL (PID $1) of $2" >&2
            kill -s INT "$1"
            """;
    private static final String NAME = "sandstone-postgres-watchdog";

    /** Empty when switched off. */
    private final Optional<Process> process;

    private PostmasterWatchdog(Optional<Process> process) {
        this.process = process;
    }

    static PostmasterWatchdog none() {
        return new PostmasterWatchdog(Optional.empty());
    }

    static PostmasterWatchdog watch(long postmasterPid, Path dataDirectory) throws IOException {
        List<String> command = new ArrayList<>();
        Optional<Path> setsid = setsid();
        setsid.ifPresent(path -> command.add(path.toString()));
        command.addAll(List.of("sh", "-c", SCRIPT, NAME, Long.toString(postmasterPid),
                dataDirectory.toAbsolutePath().toString()));
        // The pipe to its input stays open as long as this object (and the service's process) lives.
        Process process = new ProcessBuilder(command).redirectInput(Redirect.PIPE).redirectOutput(Redirect.INHERIT)
                .redirectError(Redirect.INHERIT).start();
        if (setsid.isEmpty()) {
            log.warn("No setsid on this system: the PostgreSQL watchdog (PID {}) shares the service's process group, so "
                    + "killing the whole group kills it too", process.pid());
        }
        log.info("PostgreSQL watchdog (PID {}) stops PostgreSQL (PID {}) if this service dies", process.pid(),
                postmasterPid);
        return new PostmasterWatchdog(Optional.of(process));
    }

    @Override
    public void close() {
        process.ifPresent(watchdog -> {
            watchdog.destroy();
            try {
                if (!watchdog.waitFor(5, TimeUnit.SECONDS)) {
                    watchdog.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static Optional<Path> setsid() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/bin", "/bin"))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, "setsid"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
