package dev.sandstone.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.document.event.DocumentArchived;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentDeleted;
import dev.sandstone.api.document.event.DocumentErased;
import dev.sandstone.api.document.event.DocumentEvent;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.event.DocumentRoleRevoked;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.search.SearchDocuments;
import dev.sandstone.api.search.SearchHit;
import dev.sandstone.api.search.SearchResults;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.consistency.ReadYourWrites;
import dev.sandstone.platform.web.DependencyUnavailableException;
import dev.sandstone.query.Queries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What every search adapter must do, run against each of them: events go into the real event store, the search
 * processor indexes them, and searches go through the query handler with its security trimming.
 */
abstract class SearchBehaviour {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(10);
    private static final Actor ADMIN = new Actor("root", Set.of(Actor.ADMIN));

    @Autowired
    EventStore eventStore;
    @Autowired
    Queries queries;
    @Autowired
    ReadYourWrites readModel;
    @Autowired
    SearchRebuild rebuild;
    @Autowired
    SearchIndex index;

    private final Random random = new Random();
    private final Map<String, Long> versions = new HashMap<>();

    @Test
    void a_word_in_the_content_finds_the_document_and_title_matches_rank_first() {
        String word = uniqueWord();
        String inContent = create("alice", "Quarterly report", "the " + word + " numbers are in");
        String inTitle = create("alice", "All about " + word, "nothing else here");

        SearchResults results = awaitResults(Actor.user("alice"), word, r -> r.total() == 2);

        assertThat(ids(results)).containsExactly(inTitle, inContent);
        assertThat(results.items().get(0).score()).isGreaterThan(results.items().get(1).score());
        assertThat(results.tookMs()).isNotNegative();
    }

    @Test
    void a_word_with_one_wrong_letter_still_finds_the_document() {
        String word = uniqueWord();
        String id = create("alice", "Typos", "we discussed the " + word + " yesterday");
        String typo = word.substring(0, 3) + (word.charAt(3) == 'x' ? 'y' : 'x') + word.substring(4);

        SearchResults results = awaitResults(Actor.user("alice"), typo + " yesterday", r -> r.total() == 1);

        assertThat(ids(results)).containsExactly(id);

        // A word that only a later edit brings is corrected too.
        String later = uniqueWord();
        String content = "we discussed the " + word + " yesterday";
        append(id, new DocumentContentEdited(id, TextDelta.builder().retain(content.length()).insert(" " + later).build()));
        String laterTypo = later.substring(0, 3) + (later.charAt(3) == 'x' ? 'y' : 'x') + later.substring(4);
        assertThat(ids(awaitResults(Actor.user("alice"), laterTypo + " yesterday", r -> r.total() == 1)))
                .containsExactly(id);
    }

    @Test
    void a_quoted_phrase_matches_only_words_in_that_order() {
        String first = uniqueWord();
        String second = uniqueWord();
        String inOrder = create("alice", "Phrase one", first + " " + second + " together");
        create("alice", "Phrase two", second + " comes before " + first);

        awaitResults(Actor.user("alice"), first + " " + second, r -> r.total() == 2);

        SearchResults results = search(Actor.user("alice"), "\"" + first + " " + second + "\"");

        assertThat(ids(results)).containsExactly(inOrder);
    }

    @Test
    void the_last_word_matches_as_a_prefix_while_typing() {
        String word = uniqueWord();
        String id = create("alice", "Prefix", "about " + word + " and more");

        SearchResults results = awaitResults(Actor.user("alice"), "about " + word.substring(0, 5),
                r -> r.total() == 1);

        assertThat(ids(results)).containsExactly(id);
    }

    @Test
    void highlights_wrap_matches_in_em_and_escape_everything_else() {
        String word = uniqueWord();
        create("alice", "Title <b>" + word + "</b>", word + " <script>alert('x')</script> & more");

        SearchHit hit = awaitResults(Actor.user("alice"), word, r -> r.total() == 1).items().get(0);

        assertThat(hit.highlights().get("title")).singleElement().satisfies(fragment -> {
            assertThat(fragment).contains("<em>" + word + "</em>").contains("&lt;b&gt;").doesNotContain("<b>");
        });
        assertThat(hit.highlights().get("content")).singleElement().satisfies(fragment -> {
            assertThat(fragment).contains("<em>" + word + "</em>").contains("&lt;script&gt;")
                    .doesNotContain("<script>").contains("&amp;");
        });
    }

    @Test
    void callers_see_only_documents_they_may_view_and_total_counts_only_those() {
        String word = uniqueWord();
        String owner = "owner-" + word;
        String shared = create(owner, "Shared", word);
        String secret = create(owner, "Secret", word);
        grant(shared, "viewer-" + word, DocumentRole.VIEWER);

        SearchResults asViewer = awaitResults(Actor.user("viewer-" + word), word, r -> r.total() == 1);
        assertThat(ids(asViewer)).containsExactly(shared);
        assertThat(awaitResults(Actor.user(owner), word, r -> r.total() == 2).items()).hasSize(2);
        assertThat(search(Actor.user("stranger-" + word), word).total()).isZero();
        assertThat(awaitResults(new Actor("audit", Set.of(Actor.AUDITOR)), word, r -> r.total() == 2).items())
                .extracting(SearchHit::id).containsExactlyInAnyOrder(shared, secret);
    }

    @Test
    void a_revoked_member_no_longer_finds_the_document_right_after_the_revocation() {
        String word = uniqueWord();
        String id = create("alice", "Revocable", word);
        grant(id, "bob-" + word, DocumentRole.EDITOR);
        awaitResults(Actor.user("bob-" + word), word, r -> r.total() == 1);

        append(id, new DocumentRoleRevoked(id, "bob-" + word, DocumentRole.EDITOR));
        assertThat(readModel.awaitDocumentVersion(id, versions.get(id))).isTrue();

        SearchResults results = search(Actor.user("bob-" + word), word);
        assertThat(results.total()).isZero();
        assertThat(results.items()).isEmpty();
    }

    @Test
    void deleted_documents_disappear_and_archived_ones_need_status_archived() {
        String word = uniqueWord();
        String deleted = create("alice", "Gone", word);
        String archived = create("alice", "Old", word);
        awaitResults(Actor.user("alice"), word, r -> r.total() == 2);

        append(deleted, new DocumentDeleted(deleted));
        append(archived, new DocumentArchived(archived));

        awaitResults(Actor.user("alice"), word, r -> r.total() == 0);
        SearchResults onlyArchived = awaitResults(Actor.user("alice"), word, DocumentStatus.ARCHIVED,
                r -> r.total() == 1);
        assertThat(ids(onlyArchived)).containsExactly(archived);
    }

    @Test
    void edits_are_searchable_and_tag_and_owner_filters_apply() {
        String word = uniqueWord();
        String later = uniqueWord();
        String id = create("alice", "Tagged", word, "alpha");
        create("bob", "Other owner", word, "alpha");
        append(id, new DocumentContentEdited(id, TextDelta.builder().retain(word.length()).insert(" " + later).build()));

        assertThat(ids(awaitResults(ADMIN, later, r -> r.total() == 1))).containsExactly(id);
        SearchResults byOwner = queries.ask(new SearchDocuments(ADMIN, word, null, "alpha", "alice", 0, 20),
                SearchResults.class);
        assertThat(ids(byOwner)).containsExactly(id);
        assertThat(queries.ask(new SearchDocuments(ADMIN, word, null, "beta", null, 0, 20), SearchResults.class)
                .total()).isZero();
    }

    @Test
    void a_rebuild_while_writes_continue_ends_with_every_document_searchable() throws Exception {
        String word = uniqueWord();
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            before.add(create("alice", "Before " + i, word + " before"));
        }
        awaitResults(Actor.user("alice"), word, r -> r.total() == 20);

        assertThat(rebuild.start()).isTrue();
        List<String> during = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            during.add(create("alice", "During " + i, word + " during"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (rebuild.status().state() == SearchRebuild.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(rebuild.status().state()).isEqualTo(SearchRebuild.State.COMPLETED);
        SearchResults all = awaitResults(Actor.user("alice"), word, 0, 100, r -> r.total() == 40);
        assertThat(ids(all)).containsExactlyInAnyOrderElementsOf(concat(before, during));
    }

    @Test
    void an_erased_document_leaves_the_index_and_an_erased_user_every_viewer_list_and_owner_field() {
        String word = uniqueWord();
        String owner = "erin-" + word;
        String viewer = "frank-" + word;
        String erased = create(owner, "Erased " + word, word + " secret");
        String kept = create(owner, "Kept " + word, word + " kept");
        grant(kept, viewer, DocumentRole.VIEWER);
        awaitResults(Actor.user(viewer), word, r -> r.total() == 1);
        awaitResults(Actor.user(owner), word, r -> r.total() == 2);

        append(erased, new DocumentErased(erased, "erasure-1"));
        awaitResults(Actor.user(owner), word, r -> r.total() == 1);
        assertThat(index.eraseDocument(erased)).isZero();

        assertThat(index.eraseUser(viewer)).isEqualTo(1);
        assertThat(search(Actor.user(viewer), word).total()).isZero();
        assertThat(index.eraseUser(owner)).isEqualTo(1);
        IndexedDocument anonymised = index.find(kept).orElseThrow();
        assertThat(anonymised.owner()).isEqualTo(PersonalData.ERASED);
        assertThat(anonymised.viewers()).doesNotContain(owner, viewer);
        assertThat(index.eraseUser(owner)).isZero();
    }

    @Test
    void a_burst_of_edits_appended_at_once_is_indexed_at_its_last_state_and_a_deletion_in_it_wins() {
        String first = uniqueWord();
        String last = uniqueWord();
        String id = UUID.randomUUID().toString();
        List<DocumentEvent> burst = new ArrayList<>();
        burst.add(new DocumentCreated(id, "Burst", first, List.of(), "alice"));
        StringBuilder text = new StringBuilder(first);
        for (int i = 0; i < 30; i++) {
            String word = i == 29 ? last : " w" + i;
            String inserted = i == 29 ? " " + last : word;
            burst.add(new DocumentContentEdited(id, TextDelta.builder().retain(text.length()).insert(inserted).build()));
            text.append(inserted);
        }
        burst.add(new DocumentRoleGranted(id, "bob", DocumentRole.VIEWER));
        String gone = UUID.randomUUID().toString();
        String goneWord = uniqueWord();

        appendAll(id, burst);
        appendAll(gone, List.of(new DocumentCreated(gone, "Gone", goneWord, List.of(), "alice"),
                new DocumentContentEdited(gone, TextDelta.builder().retain(goneWord.length()).insert(" " + last).build()),
                new DocumentDeleted(gone)));

        assertThat(ids(awaitResults(Actor.user("bob"), last, r -> r.total() == 1))).containsExactly(id);
        assertThat(ids(awaitResults(Actor.user("alice"), first + " " + last, r -> r.total() == 1))).containsExactly(id);
        assertThat(search(Actor.user("alice"), goneWord).total()).isZero();
    }

    // ---- helpers ----

    protected String uniqueWord() {
        StringBuilder word = new StringBuilder();
        String consonants = "bcdfgklmnprstvz";
        String vowels = "aeiou";
        for (int i = 0; i < 4; i++) {
            word.append(consonants.charAt(random.nextInt(consonants.length())))
                    .append(vowels.charAt(random.nextInt(vowels.length())));
        }
        return word.toString();
    }

    protected String create(String owner, String title, String content, String... tags) {
        String id = UUID.randomUUID().toString();
        append(id, new DocumentCreated(id, title, content, List.of(tags), owner));
        return id;
    }

    protected void grant(String id, String userId, DocumentRole role) {
        append(id, new DocumentRoleGranted(id, userId, role));
    }

    protected void append(String id, DocumentEvent event) {
        long sequence = versions.getOrDefault(id, 0L);
        eventStore.publish(new GenericDomainEventMessage<>("Document", id, sequence, event,
                Map.of(Actor.META_ACTOR, "test")));
        versions.put(id, sequence + 1);
    }

    /** Events of one document appended in one call, so the search processor sees them in one batch. */
    protected void appendAll(String id, List<DocumentEvent> events) {
        long sequence = versions.getOrDefault(id, 0L);
        List<GenericDomainEventMessage<DocumentEvent>> messages = new ArrayList<>();
        for (DocumentEvent event : events) {
            messages.add(new GenericDomainEventMessage<>("Document", id, sequence++, event,
                    Map.of(Actor.META_ACTOR, "test")));
        }
        eventStore.publish(messages);
        versions.put(id, sequence);
    }

    protected SearchResults search(Actor viewer, String q) {
        return queries.ask(new SearchDocuments(viewer, q, null, null, null, 0, 20), SearchResults.class);
    }

    protected SearchResults awaitResults(Actor viewer, String q, Predicate<SearchResults> done) {
        return awaitResults(viewer, q, (DocumentStatus) null, done);
    }

    /**
     * For an engine coming back: searches may still answer "unavailable" for a while (its circuit breaker waits before
     * it lets a trial call through), and are asked again until {@code within}.
     */
    protected SearchResults awaitResults(Actor viewer, String q, Duration within, Predicate<SearchResults> done) {
        return awaitUntil(() -> {
            try {
                return queries.ask(new SearchDocuments(viewer, q, null, null, null, 0, 20), SearchResults.class);
            } catch (DependencyUnavailableException stillDown) {
                return null;
            }
        }, results -> results != null && done.test(results), within);
    }

    private SearchResults awaitResults(Actor viewer, String q, DocumentStatus status, Predicate<SearchResults> done) {
        return awaitUntil(() -> queries.ask(new SearchDocuments(viewer, q, status, null, null, 0, 20),
                SearchResults.class), done);
    }

    private SearchResults awaitResults(Actor viewer, String q, int page, int size, Predicate<SearchResults> done) {
        return awaitUntil(() -> queries.ask(new SearchDocuments(viewer, q, null, null, null, page, size),
                SearchResults.class), done);
    }

    private SearchResults awaitUntil(java.util.function.Supplier<SearchResults> search,
                                     Predicate<SearchResults> done) {
        return awaitUntil(search, done, VISIBLE_WITHIN);
    }

    private SearchResults awaitUntil(java.util.function.Supplier<SearchResults> search,
                                     Predicate<SearchResults> done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        SearchResults results = search.get();
        while (!done.test(results) && System.nanoTime() < deadline) {
            sleep();
            results = search.get();
        }
        assertThat(done.test(results)).as("search results within %s: %s", within, results).isTrue();
        return results;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static List<String> ids(SearchResults results) {
        return results.items().stream().map(SearchHit::id).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
