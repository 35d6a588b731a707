package dev.sandstone.platform.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** Strong ETags are quoted version numbers: {@code "3"}. The one home of their format. */
public final class ETags {

    private static final Pattern STRONG_VERSION = Pattern.compile("\\s*\"(\\d{1,18})\"\\s*");

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-Match} header names; 428 when it is missing, 400 when it names no version. */
    public static long requireIfMatch(String header) {
        if (header == null || header.isBlank()) {
            throw new ApiException(HttpStatus.PRECONDITION_REQUIRED,
                    "This request changes the document: send If-Match with the version you last read, e.g. If-Match: \"3\"");
        }
        return parse("If-Match", header);
    }

    /** The version of an optional {@code If-Match} header, or null. */
    public static Long optionalIfMatch(String header) {
        return header == null || header.isBlank() ? null : parse("If-Match", header);
    }

    /** True when an {@code If-None-Match} header lists the current version (or is {@code *}). */
    public static boolean matchesNoneMatch(String header, long currentVersion) {
        if (header == null) {
            return false;
        }
        String current = of(currentVersion);
        for (String candidate : header.split(",")) {
            String value = candidate.trim();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.equals("*") || value.equals(current)) {
                return true;
            }
        }
        return false;
    }

    private static long parse(String name, String header) {
        Matcher matcher = STRONG_VERSION.matcher(header);
        if (!matcher.matches()) {
            throw ApiException.badParameter(name,
                    name + " must be one strong ETag holding a version, e.g. \"3\"; got " + header);
        }
        return Long.parseLong(matcher.group(1));
    }
}
