package dev.sandstone.platform.web;

/** An optional backing service (search engine, archive, blob store) cannot be reached: 503 with Retry-After. */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What failed, for the log: the message is what clients read, so it names no host or credential; subclasses
     * that know more say it here. By default the cause's own description.
     */
    public String reason() {
        return getCause() == null ? getMessage() : getCause().toString();
    }
}
