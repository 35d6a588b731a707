package dev.sandstone.platform.blob;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code blobStore} in {@code /actuator/health}: UP with where blobs go, or DOWN with why they cannot (which store,
 * what failed; never credentials). Details show only where {@code management.endpoint.health.show-details} allows.
 */
public class BlobStoreHealthIndicator implements HealthIndicator {

    private final BlobStore blobStore;

    public BlobStoreHealthIndicator(BlobStore blobStore) {
        this.blobStore = blobStore;
    }

    @Override
    public Health health() {
        try {
            return Health.up().withDetails(blobStore.check()).build();
        } catch (BlobStoreUnavailableException e) {
            return Health.down().withDetail("reason", e.reason()).build();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
    }
}
