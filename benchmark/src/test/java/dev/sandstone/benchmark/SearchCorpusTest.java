package dev.sandstone.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SearchCorpusTest {

    private final SearchCorpus corpus = new SearchCorpus(42, 1000, 50);

    @Test
    void a_document_depends_on_the_seed_and_its_index_only() {
        assertThat(corpus.document(7)).isEqualTo(new SearchCorpus(42, 1000, 50).document(7));
        assertThat(corpus.document(7)).isNotEqualTo(corpus.document(8));
        assertThat(corpus.document(7)).isNotEqualTo(new SearchCorpus(43, 1000, 50).document(7));
    }

    @Test
    void documents_have_about_the_asked_size_and_an_owner_among_the_users() {
        for (int i = 0; i < 100; i++) {
            SearchCorpus.Document document = corpus.document(i);
            assertThat(document.content().length()).isBetween(1000, 1100);
            assertThat(document.owner()).isBetween(0, 49);
        }
    }

    @Test
    void words_follow_zipf_so_a_few_are_everywhere_and_most_are_rare() {
        Map<String, Integer> counts = new HashMap<>();
        long total = 0;
        for (int i = 0; i < 200; i++) {
            for (String word : corpus.document(i).content().replaceAll("[.\n]", " ").split(" +")) {
                counts.merge(word, 1, Integer::sum);
                total++;
            }
        }
        int commonest = counts.values().stream().max(Integer::compare).orElseThrow();
        long seenOnce = counts.values().stream().filter(count -> count == 1).count();
        assertThat((double) commonest / total).isBetween(0.07, 0.14);
        assertThat(seenOnce).isGreaterThan(counts.size() / 3);
    }

    @Test
    void every_query_is_made_of_the_words_of_its_document_or_their_beginnings() {
        Random random = new Random(1);
        for (int i = 0; i < 50; i++) {
            SearchCorpus.Document document = corpus.document(i);
            String text = document.content().replace(".", "").replace('\n', ' ');
            for (SearchCorpus.Kind kind : SearchCorpus.Kind.values()) {
                String query = SearchCorpus.query(kind, document, random).text();
                if (kind == SearchCorpus.Kind.PHRASE) {
                    assertThat(text).contains(query.replace("\"", ""));
                }
                String[] words = query.replace("\"", "").split(" ");
                assertThat(Arrays.stream(words).allMatch(word -> text.matches("(?s).*\\b" + word + ".*")))
                        .as("%s query '%s' in document %d", kind, query, i).isTrue();
            }
        }
    }
}
