package dev.sandstone.platform.blob.filesystem;

import dev.sandstone.platform.blob.BlobStore;
import dev.sandstone.platform.blob.Compression;
import dev.sandstone.platform.blob.DocumentBlobsBehaviour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;

/** Documents' encrypted contents in blob files: the raw files are what is checked. */
class FileSystemDocumentBlobsTest extends DocumentBlobsBehaviour {

    @TempDir
    static Path directory;

    private FileSystemBlobStore store;

    @Override
    protected BlobStore store() {
        if (store == null) {
            store = new FileSystemBlobStore(directory.resolve("blobs"), Compression.GZIP);
        }
        return store;
    }

    @Override
    protected byte[] storedBytes(String key) throws IOException {
        byte[] file = Files.readAllBytes(directory.resolve("blobs").resolve(key));
        return Arrays.copyOfRange(file, FileSystemBlobStore.HEADER_SIZE, file.length);
    }

    @Override
    protected void copyStored(String fromKey, String toKey) throws IOException {
        Path target = directory.resolve("blobs").resolve(toKey);
        Files.createDirectories(target.getParent());
        Files.copy(directory.resolve("blobs").resolve(fromKey), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
