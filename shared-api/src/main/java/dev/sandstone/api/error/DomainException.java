package dev.sandstone.api.error;

/**
 * A rejected request, with the reason as a {@link Kind} that the HTTP edge maps to a status code.
 * Thrown by command handlers and query handlers; a rejected command changes nothing.
 */
public class DomainException extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, FORBIDDEN, CONFLICT, STALE_VERSION, TOO_LARGE }

    private final Kind kind;
    private final String field;
    private final Long currentVersion;

    protected DomainException(Kind kind, String message, String field, Long currentVersion) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
        this.currentVersion = currentVersion;
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(Kind.INVALID, message, field, null);
    }

    public static DomainException notFound(String message) {
        return new DomainException(Kind.NOT_FOUND, message, null, null);
    }

    public static DomainException forbidden(String message) {
        return new DomainException(Kind.FORBIDDEN, message, null, null);
    }

    public static DomainException conflict(String message) {
        return new DomainException(Kind.CONFLICT, message, null, null);
    }

    public static DomainException staleVersion(long expected, long current) {
        return new DomainException(Kind.STALE_VERSION,
                "Expected version " + expected + " but the document is at version " + current, null, current);
    }

    public static DomainException tooLarge(String field, String message) {
        return new DomainException(Kind.TOO_LARGE, message, field, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, when one is. */
    public String field() {
        return field;
    }

    /** For {@link Kind#STALE_VERSION}: the version the client should have sent. */
    public Long currentVersion() {
        return currentVersion;
    }
}
