package dev.sandstone.platform.blob;

import java.util.regex.Pattern;

/**
 * Blob keys: content addresses ({@code sha256/ab/cd/<64 hex digits>}, two levels of fan-out so no directory or
 * listing page holds more than a few thousand entries; since document contents are stored per document, the layout
 * of blobs written before that, see {@link DocumentBlobs} for today's) and the syntax every key and listing prefix
 * must have. Every blob's key ends with the SHA-256 of its content.
 * Segments are lowercase letters, digits, {@code .}, {@code _} and {@code -}, never starting with a dot, so a key can
 * never climb out of a directory ({@code ..}) or name a hidden file.
 */
public final class BlobKeys {

    /** The prefix under which content-addressed blobs live. */
    public static final String CONTENT_PREFIX = "sha256/";

    private static final String SEGMENT = "[a-z0-9_-][a-z0-9._-]*";
    private static final Pattern KEY = Pattern.compile(SEGMENT + "(/" + SEGMENT + ")*");
    private static final Pattern PREFIX = Pattern.compile("(" + SEGMENT + "(/" + SEGMENT + ")*/?)?");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_LENGTH = 512;

    private BlobKeys() {
    }

    /** The key of content whose SHA-256 is {@code sha256} (lowercase hexadecimal). */
    public static String forSha256(String sha256) {
        if (!isSha256Hex(sha256)) {
            throw new IllegalArgumentException("Not a SHA-256 in lowercase hexadecimal: " + sha256);
        }
        return CONTENT_PREFIX + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }

    public static boolean isValid(String key) {
        return key != null && key.length() <= MAX_LENGTH && KEY.matcher(key).matches();
    }

    public static String requireValid(String key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("Not a valid blob key: " + key);
        }
        return key;
    }

    /** A listing prefix: empty, or a key's leading segments, optionally ending with {@code /}. */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null || prefix.length() > MAX_LENGTH || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Not a valid blob key prefix: " + prefix);
        }
        return prefix;
    }

    public static boolean isSha256Hex(String value) {
        return value != null && SHA256_HEX.matcher(value).matches();
    }

    /** What follows the last {@code /} of a key (the whole key if it has none). */
    public static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
