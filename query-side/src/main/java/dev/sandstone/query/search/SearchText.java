package dev.sandstone.query.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query string split into quoted phrases and single words; the last word, when the query does not end in a
 * space or a quote, is a prefix (search as you type). Words keep letters and digits only.
 */
public record SearchText(String raw, List<String> phrases, List<String> words, String prefix) {

    private static final Pattern PHRASE = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    public static SearchText parse(String q) {
        List<String> phrases = new ArrayList<>();
        Matcher phraseMatcher = PHRASE.matcher(q);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (phraseMatcher.find()) {
            String phrase = String.join(" ", words(phraseMatcher.group(1)));
            if (!phrase.isEmpty()) {
                phrases.add(phrase);
            }
            rest.append(q, last, phraseMatcher.start()).append(' ');
            last = phraseMatcher.end();
        }
        rest.append(q.substring(last).replace("\"", " "));
        List<String> words = words(rest.toString());
        String prefix = null;
        boolean endsInWord = !q.isEmpty() && Character.isLetterOrDigit(q.charAt(q.length() - 1));
        if (endsInWord && !words.isEmpty() && phraseMatcher.reset().results().noneMatch(m -> m.end() == q.length())) {
            prefix = words.remove(words.size() - 1);
        }
        return new SearchText(q, List.copyOf(phrases), List.copyOf(words), prefix);
    }

    public boolean isEmpty() {
        return phrases.isEmpty() && words.isEmpty() && prefix == null;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
