package dev.sandstone.platform.test;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One MongoDB wire-protocol server per test JVM ({@code mongo-java-server}, in process), started on first use.
 * <p>
 * No {@code mongod} binary can be fetched by the build, so tests talk to this server through the real MongoDB
 * driver. Its store is an H2 file, so tests may {@link #stop()} the server and {@link #start()} it again on the same
 * port with the same data, to check how the application behaves during and after an outage. It has no
 * transactions and never expires documents by TTL: adapters must not rely on either.
 */
public final class TestMongo {

    public static final String DATABASE = "sandstone";

    private static TestMongo shared;

    private final Path file;
    private final int port;
    private MongoServer server;

    private TestMongo(Path file, int port) {
        this.file = file;
        this.port = port;
    }

    /** The server shared by every test in this JVM, started on first use. */
    public static synchronized TestMongo shared() {
        if (shared == null) {
            try {
                Path directory = Files.createTempDirectory("sandstone-mongo-");
                directory.toFile().deleteOnExit();
                shared = new TestMongo(directory.resolve("store.mv"), freePort());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the MongoDB test store", e);
            }
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "test-mongo-stop"));
        }
        return shared;
    }

    /** Points {@code sandstone.audit.mongodb.uri} at the shared server. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("sandstone.audit.mongodb.uri", () -> shared().uri());
    }

    public String uri() {
        return "mongodb://127.0.0.1:" + port + "/" + DATABASE;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public synchronized void start() {
        if (server == null) {
            MongoServer starting = new MongoServer(new H2Backend(file.toString()));
            starting.bind("127.0.0.1", port);
            server = starting;
        }
    }

    /** Closes every connection and the store; {@link #start()} brings both back with the same data. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
