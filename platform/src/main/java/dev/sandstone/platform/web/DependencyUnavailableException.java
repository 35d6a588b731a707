package dev.sandstone.platform.web;

/** An optional backing service (search engine, archive, blob store) cannot be reached: 503 with Retry-After. */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
