package dev.sandstone.platform.blob;

import dev.sandstone.platform.web.DependencyUnavailableException;

/**
 * The blob store cannot be reached, refuses our credentials, or cannot be written: a condition of the deployment,
 * not of the request. As a {@link DependencyUnavailableException} it becomes 503 problem+json with
 * {@code Retry-After}; clients see only the generic message, the {@link #reason()} goes to the log and the health
 * details.
 */
public class BlobStoreUnavailableException extends DependencyUnavailableException {

    private final String reason;

    public BlobStoreUnavailableException(String reason, Throwable cause) {
        super("Content storage is temporarily unavailable", cause);
        this.reason = reason;
    }

    /** What failed, for operators (which store, which operation, what it answered); never sent to clients. */
    @Override
    public String reason() {
        return reason;
    }
}
