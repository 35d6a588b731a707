package dev.sandstone.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * A test server shared by every test of a JVM: prepared and started on the first {@link #get()}, destroyed by a
 * shutdown hook. A failed start fails every later call at once, instead of every test waiting for its own time-out.
 */
final class OncePerJvm<T> {

    /** Prepares the server (files, ports) without starting it. */
    interface Prepare<T> {
        T prepare() throws IOException;
    }

    private final String name;
    private final Prepare<T> prepare;
    private final Consumer<T> start;
    private final Consumer<T> destroy;
    private T value;
    private RuntimeException failure;

    OncePerJvm(String name, Prepare<T> prepare, Consumer<T> start, Consumer<T> destroy) {
        this.name = name;
        this.prepare = prepare;
        this.start = start;
        this.destroy = destroy;
    }

    synchronized T get() {
        if (failure != null) {
            throw new IllegalStateException(name + " failed to start earlier in this JVM", failure);
        }
        if (value == null) {
            try {
                T server = prepare.prepare();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> destroy.accept(server), name + " shutdown"));
                start.accept(server);
                value = server;
            } catch (IOException e) {
                failure = new UncheckedIOException("Cannot prepare " + name, e);
                throw failure;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return value;
    }
}
