package dev.sandstone.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A blob directory per test JVM for the file-system blob store, so tests never write into the source tree. */
public final class TestBlobs {

    private static final Path DIRECTORY = create();

    private TestBlobs() {
    }

    /** Points {@code sandstone.blobs.filesystem.directory} at this JVM's temporary blob directory. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("sandstone.blobs.filesystem.directory", DIRECTORY::toString);
    }

    private static Path create() {
        try {
            return Files.createTempDirectory("sandstone-blobs-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the test blob directory", e);
        }
    }
}
