package dev.sandstone.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a service that died leaves on its PostgreSQL data directory, cleared before the next start, with real
 * postmasters run from the embedded binaries as processes that no service owns (as after the service's SIGKILL).
 */
class LeftoverPostmasterTest {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern BINARY = Pattern.compile("^(\\S*/postgres)\\s");

    private static Path template;
    private static Path postgresBinary;
    private final List<Process> postmasters = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    /** One data directory made by the library (initdb), copied for each test; its postmaster.opts names the binary. */
    @BeforeAll
    static void initialiseATemplateDataDirectory() throws IOException {
        template = Files.createTempDirectory("sandstone-leftover-template-");
        EmbeddedPostgres.builder().setDataDirectory(template).setCleanDataDirectory(false).start().close();
        String options = Files.readString(template.resolve("postmaster.opts")).replace("\"", "");
        Matcher binary = BINARY.matcher(options);
        assertThat(binary.find()).as("postmaster.opts: %s", options).isTrue();
        postgresBinary = Path.of(binary.group(1));
    }

    @AfterEach
    void stopWhatIsLeft() {
        postmasters.forEach(Process::destroyForcibly);
        postmasters.forEach(process -> process.onExit().join());
        directories.forEach(LeftoverPostmasterTest::deleteRecursively);
    }

    @Test
    void a_postmaster_left_running_on_the_data_directory_is_stopped_and_the_directory_can_start_again()
            throws IOException {
        Path ours = dataDirectory();
        Process leftover = startPostmaster(ours);

        LeftoverPostmaster.clear(ours, STOP_TIMEOUT);

        assertThat(leftover.isAlive()).isFalse();
        assertThat(leftover.exitValue()).as("a clean fast shutdown").isZero();
        assertThat(ours.resolve("postmaster.pid")).doesNotExist();
        EmbeddedPostgres.builder().setDataDirectory(ours).setCleanDataDirectory(false).start().close();
    }

    @Test
    void a_postgres_of_another_data_directory_is_never_touched_even_when_our_pid_file_names_it() throws IOException {
        Path ours = dataDirectory();
        Path theirs = dataDirectory();
        Process other = startPostmaster(theirs);
        // Our postmaster died; its PID was reused by another directory's postmaster.
        Files.writeString(ours.resolve("postmaster.pid"), other.pid() + "\n" + ours + "\n");

        LeftoverPostmaster.clear(ours, STOP_TIMEOUT);

        assertThat(other.isAlive()).isTrue();
        assertThat(theirs.resolve("postmaster.pid")).exists();
        assertThat(ours.resolve("postmaster.pid")).as("the stale pid file").doesNotExist();
    }

    @Test
    void a_pid_file_whose_process_is_gone_is_removed() throws Exception {
        Path ours = dataDirectory();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(ours.resolve("postmaster.pid"), gone.pid() + "\n" + ours + "\n");

        LeftoverPostmaster.clear(ours, STOP_TIMEOUT);

        assertThat(ours.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void a_pid_file_naming_an_unrelated_live_process_is_removed_and_the_process_left_alone() throws IOException {
        Path ours = dataDirectory();
        long self = ProcessHandle.current().pid();
        Files.writeString(ours.resolve("postmaster.pid"), self + "\n" + ours + "\n");

        LeftoverPostmaster.clear(ours, STOP_TIMEOUT);

        assertThat(ours.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void a_data_directory_whose_service_still_runs_is_refused_and_its_postgres_kept() throws IOException {
        Path ours = dataDirectory();
        Process running = startPostmaster(ours);
        try (FileChannel channel = FileChannel.open(ours.resolve("epg-lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock serviceLock = channel.lock()) {
            assertThatThrownBy(() -> LeftoverPostmaster.clear(ours, STOP_TIMEOUT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by a running Sandstone")
                    .hasMessageContaining("PID " + running.pid());
        }
        assertThat(running.isAlive()).isTrue();
    }

    @Test
    void nothing_happens_to_a_directory_without_a_pid_file() throws IOException {
        Path ours = dataDirectory();

        LeftoverPostmaster.clear(ours, STOP_TIMEOUT);

        assertThat(ours.resolve("PG_VERSION")).exists();
    }

    private Path dataDirectory() throws IOException {
        Path directory = Files.createTempDirectory("sandstone-leftover-");
        directories.add(directory);
        try (Stream<Path> files = Files.walk(template)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = directory.resolve(template.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        // PostgreSQL insists on a data directory only its owner may enter.
        Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return directory;
    }

    /** A postmaster that no service owns, ready for connections (as root, in a user namespace, as the library does). */
    private Process startPostmaster(Path dataDirectory) throws IOException {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgresBinary.toString(), "-D", dataDirectory.toString(), "-p",
                Integer.toString(freePort()), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + dataDirectory));
        Process postmaster = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log")
                        .toFile()))
                .start();
        postmasters.add(postmaster);
        await("PostgreSQL on " + dataDirectory + " to be ready").atMost(Duration.ofSeconds(30))
                .until(() -> readyPidFile(dataDirectory));
        return postmaster;
    }

    /** PostgreSQL writes "ready" as the pid file's status line once it accepts connections. */
    private static boolean readyPidFile(Path dataDirectory) {
        try {
            return Files.readAllLines(dataDirectory.resolve("postmaster.pid")).stream()
                    .anyMatch(line -> line.trim().equals("ready"));
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a left-over temporary directory is harmless
        }
    }
}
