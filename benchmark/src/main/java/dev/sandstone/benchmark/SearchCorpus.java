package dev.sandstone.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The seeded text of the search benchmark. The editors' 47 words ({@link TextEdits}) are too few for it: every
 * document would contain every word and every query would match the whole corpus. Instead: a vocabulary of
 * 20,000 made-up, pronounceable words used with Zipf frequencies as in natural language (the most common word is
 * about a tenth of all words, most words are rare), documents written from it, and the queries people type, each
 * drawn from a document that exists, so it has at least one hit. Document {@code i} is the same for the same seed
 * whatever order documents are created in, so the queries need not keep the texts.
 */
final class SearchCorpus {

    static final int VOCABULARY = 20_000;
    private static final String CONSONANTS = "bdgklmnprtvz";
    private static final String VOWELS = "aeiou";
    /** Made-up words that PostgreSQL's English configuration would drop as stop words. */
    private static final Set<String> STOP_WORDS = Set.of("more");
    private static final List<String> TAGS = List.of("planning", "legal", "engineering", "sales", "draft", "review");

    /** What a person types into the search box. The service treats the last word of any query as a prefix. */
    enum Kind {
        WORD("one word"),
        TWO_WORDS("two words"),
        PHRASE("quoted phrase of three words"),
        PREFIX("incomplete word (3+ letters)");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** @param owner index of the owning user among the seeding users */
    record Document(String title, String content, String tag, int owner) {
    }

    record Query(Kind kind, String text) {
    }

    private final long seed;
    private final int size;
    private final int owners;
    private final List<String> words;
    private final double[] cumulative;

    /**
     * @param size   characters of content per document
     * @param owners how many users own the documents, evenly at random
     */
    SearchCorpus(long seed, int size, int owners) {
        this.seed = seed;
        this.size = size;
        this.owners = owners;
        this.words = vocabulary(new Random(seed * 31 + 17));
        this.cumulative = new double[words.size()];
        double sum = 0;
        for (int rank = 1; rank <= words.size(); rank++) {
            sum += 1.0 / rank;
            cumulative[rank - 1] = sum;
        }
    }

    /** Document {@code index} of the corpus. */
    Document document(int index) {
        Random random = new Random(seed * 1_000_003L + 7L * Integer.MAX_VALUE + index);
        String title = capitalised(word(random)) + " " + word(random) + " " + word(random);
        String text = TextEdits.prose(size, () -> word(random));
        return new Document(title, text, TAGS.get(random.nextInt(TAGS.size())),
                random.nextInt(owners));
    }

    /** A query of the given kind that the document matches. */
    static Query query(Kind kind, Document document, Random random) {
        List<String[]> lines = Arrays.stream(document.content().split("\n"))
                .map(line -> line.replace(".", "").trim().split(" ")).toList();
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(
                lines.stream().flatMap(Arrays::stream).filter(word -> !word.isEmpty()).toList()));
        String word = distinct.get(random.nextInt(distinct.size()));
        return switch (kind) {
            case WORD -> new Query(kind, word);
            case TWO_WORDS -> {
                String other = word;
                while (distinct.size() > 1 && other.equals(word)) {
                    other = distinct.get(random.nextInt(distinct.size()));
                }
                yield new Query(kind, word + " " + other);
            }
            case PHRASE -> {
                String[] line = lines.get(random.nextInt(lines.size()));
                int from = line.length <= 3 ? 0 : random.nextInt(line.length - 2);
                yield new Query(kind, "\"" + String.join(" ",
                        Arrays.copyOfRange(line, from, Math.min(line.length, from + 3))) + "\"");
            }
            case PREFIX -> new Query(kind, word.substring(0, 3 + random.nextInt(word.length() - 3)));
        };
    }

    /** A word at its Zipf frequency: rank r is chosen in proportion to 1/r. */
    private String word(Random random) {
        double pick = random.nextDouble() * cumulative[cumulative.length - 1];
        int at = Arrays.binarySearch(cumulative, pick);
        return words.get(at >= 0 ? at : Math.min(-at - 1, words.size() - 1));
    }

    /** Distinct words of two to four consonant-vowel syllables (4-8 letters), in rank order. */
    private static List<String> vocabulary(Random random) {
        Set<String> words = new LinkedHashSet<>();
        while (words.size() < VOCABULARY) {
            StringBuilder word = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int i = 0; i < syllables; i++) {
                word.append(CONSONANTS.charAt(random.nextInt(CONSONANTS.length())))
                        .append(VOWELS.charAt(random.nextInt(VOWELS.length())));
            }
            if (!STOP_WORDS.contains(word.toString())) {
                words.add(word.toString());
            }
        }
        return List.copyOf(words);
    }

    private static String capitalised(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
