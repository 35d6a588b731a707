package dev.sandstone.api.ot;

/**
 * Counting positions in code points over UTF-16 Java strings the way the reference does ({@code unicount}, used
 * by {@code ot-text-unicode} and so by every ShareDB client): any surrogate unit starts a two-unit character.
 * For well-formed text that is exactly {@link String#offsetByCodePoints}; for a document that holds an unpaired
 * surrogate it still lands where a JavaScript client lands, which is what keeps server and clients converged.
 * Strings inside operations are always well-formed (checked when the operation is built).
 */
final class Utf16 {

    private Utf16() {
    }

    /**
     * The char index {@code codePoints} characters after {@code from}, or {@code text.length() + 1} when the text
     * ends first.
     */
    static int advance(String text, int from, int codePoints) {
        int position = from;
        int length = text.length();
        for (int remaining = codePoints; remaining > 0; remaining--) {
            if (position >= length) {
                return length + 1;
            }
            position += Character.isSurrogate(text.charAt(position)) ? 2 : 1;
        }
        return position;
    }

    /** The characters between the two char indices, or -1 when {@code to} falls inside a surrogate pair. */
    static int codePointsBetween(String text, int from, int to) {
        int count = 0;
        int position = from;
        while (position < to) {
            position += Character.isSurrogate(text.charAt(position)) ? 2 : 1;
            count++;
        }
        return position == to ? count : -1;
    }

    /** All characters of the text, counted like {@link #advance}. */
    static int codePoints(String text) {
        int count = 0;
        int position = 0;
        while (position < text.length()) {
            position += Character.isSurrogate(text.charAt(position)) ? 2 : 1;
            count++;
        }
        return count;
    }

    /** The char index of the first surrogate that is not half of a pair, or -1 when the text is well-formed. */
    static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
