package dev.sandstone.platform.blob;

import dev.sandstone.platform.resilience.StoreCalls;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} whose calls go through {@link StoreCalls}: timed, and (for S3) behind the {@code blobstore}
 * circuit breaker. A put reads the caller's stream, so it can never be repeated here; every other call may be (keys
 * end with their content's hash: a repeated delete or read has the same effect). Streams returned by {@code get} and
 * {@code keysOlderThan} fail on their own while they are read: only opening them is guarded. {@link #check()} is
 * not: health probes the store itself, so it shows when the store is back even while the breaker is still open.
 */
public class ResilientBlobStore implements BlobStore, AutoCloseable {

    private final BlobStore delegate;
    private final StoreCalls calls;

    public ResilientBlobStore(BlobStore delegate, StoreCalls calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    /** The adapter behind the breaker. */
    public BlobStore delegate() {
        return delegate;
    }

    @Override
    public BlobRef put(InputStream content, long length) {
        return calls.once("put", () -> delegate.put(content, length));
    }

    @Override
    public BlobRef put(String key, String sha256, InputStream content, long length, BlobSeal seal) {
        return calls.once("put", () -> delegate.put(key, sha256, content, length, seal));
    }

    @Override
    public BlobRef putAsIs(String key, String sha256, InputStream content, long length) {
        return calls.once("putAsIs", () -> delegate.putAsIs(key, sha256, content, length));
    }

    @Override
    public Optional<URI> downloadUrl(String key, Duration lifetime, String fileName) {
        return calls.idempotent("downloadUrl", () -> delegate.downloadUrl(key, lifetime, fileName));
    }

    @Override
    public Optional<BlobRef> head(String key) {
        return calls.idempotent("head", () -> delegate.head(key));
    }

    @Override
    public boolean exists(String key) {
        return calls.idempotent("exists", () -> delegate.exists(key));
    }

    @Override
    public InputStream get(String key) {
        return calls.idempotent("get", () -> delegate.get(key));
    }

    @Override
    public InputStream get(String key, ByteRange range) {
        return calls.idempotent("getRange", () -> delegate.get(key, range));
    }

    @Override
    public InputStream get(String key, BlobSeal seal) {
        return calls.idempotent("get", () -> delegate.get(key, seal));
    }

    @Override
    public InputStream get(String key, ByteRange range, BlobSeal seal) {
        return calls.idempotent("getRange", () -> delegate.get(key, range, seal));
    }

    @Override
    public boolean delete(String key) {
        return calls.idempotent("delete", () -> delegate.delete(key));
    }

    @Override
    public long deleteAll(String prefix) {
        return calls.idempotent("deleteAll", () -> delegate.deleteAll(prefix));
    }

    @Override
    public Stream<String> keysOlderThan(String prefix, Instant cutoff) {
        return calls.idempotent("keysOlderThan", () -> delegate.keysOlderThan(prefix, cutoff));
    }

    @Override
    public Map<String, Object> check() {
        return delegate.check();
    }

    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
