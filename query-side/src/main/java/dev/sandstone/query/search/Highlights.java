package dev.sandstone.query.search;

import java.util.List;
import org.springframework.web.util.HtmlUtils;

/**
 * Turns fragments marked by the engine with private markers into safe HTML: everything HTML-escaped, then the
 * markers become {@code <em>} and {@code </em>}. A document's own {@code <em>} or {@code <script>} therefore always
 * comes back escaped; at worst a document holding the private-use marker characters gets a harmless extra emphasis.
 */
public final class Highlights {

    /** Private-use characters: not whitespace, so engines that trim fragments (Elasticsearch does) keep them. */
    public static final String START = "\uE000";
    public static final String STOP = "\uE001";

    private Highlights() {
    }

    public static List<String> toHtml(List<String> markedFragments) {
        return markedFragments.stream()
                .filter(fragment -> fragment.contains(START))
                .map(Highlights::toHtml)
                .toList();
    }

    static String toHtml(String marked) {
        return HtmlUtils.htmlEscape(marked).replace(START, "<em>").replace(STOP, "</em>");
    }
}
