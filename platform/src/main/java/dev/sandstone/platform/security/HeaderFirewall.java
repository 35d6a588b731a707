package dev.sandstone.platform.security;

import java.util.function.Predicate;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall} with the same rules for header names, header values and parameter
 * names, checked without a regular expression for the common case. The firewall checks a header each time it is
 * read, and its default is a Unicode-class regex ({@code \p{IsAssigned}}, {@code \p{IsControl}}): on a bearer token
 * of 500 characters, read by several filters, that was a visible share of a request's CPU. Printable ASCII
 * (0x20-0x7E, plus tab in values) is exactly what those classes allow below 0x80, so a string of only such
 * characters passes at once; anything else (a control character, or any non-ASCII character) is decided by
 * Spring's own predicate, so the firewall rejects exactly what it rejected before.
 */
final class HeaderFirewall {

    private HeaderFirewall() {
    }

    static StrictHttpFirewall create() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(printableAsciiOr(false, StrictHttpFirewall.ALLOWED_HEADER_NAMES));
        firewall.setAllowedHeaderValues(printableAsciiOr(true, StrictHttpFirewall.ALLOWED_HEADER_VALUES));
        firewall.setAllowedParameterNames(printableAsciiOr(false, StrictHttpFirewall.ALLOWED_PARAMETER_NAMES));
        return firewall;
    }

    /** True when every character is printable ASCII (or a tab, if allowed); else what {@code otherwise} says. */
    static Predicate<String> printableAsciiOr(boolean tabAllowed, Predicate<String> otherwise) {
        return text -> isPrintableAscii(text, tabAllowed) || otherwise.test(text);
    }

    private static boolean isPrintableAscii(String text, boolean tabAllowed) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if ((c < 0x20 || c > 0x7E) && !(tabAllowed && c == '\t')) {
                return false;
            }
        }
        return true;
    }
}
