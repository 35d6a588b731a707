package dev.sandstone.command.document;

import static dev.sandstone.api.error.DomainException.Kind.INVALID;
import static dev.sandstone.api.error.DomainException.Kind.TOO_LARGE;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.error.DomainException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The field rules of a document, without Axon: {@link DocumentRules}. */
class DocumentRulesTest {

    private static final int LIMIT = 12;

    private final DocumentRules rules = new DocumentRules(LIMIT);

    @Nested
    class Utf8Length {

        @Test
        void the_empty_text_has_no_bytes() {
            assertEquals(0, DocumentRules.utf8Length(""));
        }

        @Test
        void ascii_takes_one_byte_a_character() {
            assertEquals(1, DocumentRules.utf8Length("\u0000"));
            assertEquals(1, DocumentRules.utf8Length("\u007F"));
            assertEquals(5, DocumentRules.utf8Length("Hello"));
        }

        @Test
        void u0080_to_u07ff_take_two_bytes() {
            assertEquals(2, DocumentRules.utf8Length("\u0080"));
            assertEquals(2, DocumentRules.utf8Length("é"));
            assertEquals(2, DocumentRules.utf8Length("\u07FF"));
        }

        @Test
        void the_rest_of_the_basic_plane_takes_three_bytes() {
            assertEquals(3, DocumentRules.utf8Length("\u0800"));
            assertEquals(3, DocumentRules.utf8Length("€"));
            assertEquals(3, DocumentRules.utf8Length("\uFFFF"));
        }

        @Test
        void a_surrogate_pair_takes_four_bytes_not_six() {
            assertEquals(4, DocumentRules.utf8Length("😀"));
            assertEquals(4, DocumentRules.utf8Length(new String(Character.toChars(0x10000))));
            assertEquals(4, DocumentRules.utf8Length(new String(Character.toChars(0x10FFFF))));
        }

        @Test
        void mixed_text_counts_exactly_what_java_encodes() {
            String text = "Grüße, 世界! 😀 done\n\t€ 𝄞 ok";
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, DocumentRules.utf8Length(text));
        }

        @Test
        void a_lone_surrogate_counts_as_three_bytes() {
            assertAll(
                    () -> assertEquals(3, DocumentRules.utf8Length("\uD83D")),
                    () -> assertEquals(3, DocumentRules.utf8Length("\uDE00")),
                    () -> assertEquals(4, DocumentRules.utf8Length("\uD83Dx")),
                    () -> assertEquals(6, DocumentRules.utf8Length("\uDE00\uD83D")));
        }
    }

    @Nested
    class Content {

        @Test
        void content_of_exactly_the_limit_is_accepted() {
            assertDoesNotThrow(() -> rules.content("€€€€")); // 12 bytes
        }

        @Test
        void content_one_byte_over_the_limit_is_too_large() {
            assertRejected(TOO_LARGE, "content", () -> rules.content("€€€€a"));
        }

        @Test
        void four_emoji_fill_sixteen_bytes_though_they_are_only_eight_chars() {
            assertRejected(TOO_LARGE, "content", () -> rules.content("😀😀😀😀"));
        }

        @Test
        void empty_content_is_accepted() {
            assertDoesNotThrow(() -> rules.content(""));
        }

        @Test
        void missing_content_is_invalid() {
            assertRejected(INVALID, "content", () -> rules.content(null));
        }

        @Test
        void a_nul_character_is_invalid_because_postgresql_text_cannot_hold_it() {
            assertRejected(INVALID, "content", () -> rules.content("before\u0000after"));
        }
    }

    @Nested
    class Title {

        @Test
        void surrounding_whitespace_is_trimmed() {
            assertEquals("Notes", rules.title(" \t Notes \u2003\u3000"));
        }

        @Test
        void inner_spaces_are_kept() {
            assertEquals("Meeting  notes", rules.title("Meeting  notes"));
        }

        @Test
        void a_surrounding_line_break_is_trimmed_away_not_rejected() {
            assertEquals("Notes", rules.title("\nNotes\r\n"));
        }

        @Test
        void one_character_is_enough() {
            assertEquals("x", rules.title("x"));
        }

        @Test
        void the_length_counts_code_points_so_200_emoji_are_accepted() {
            String title = "😀".repeat(200);
            assertEquals(title, rules.title(title));
        }

        @Test
        void the_length_counts_code_points_so_201_emoji_are_rejected() {
            assertRejected(INVALID, "title", () -> rules.title("😀".repeat(201)));
        }

        @Test
        void two_hundred_characters_are_accepted() {
            assertEquals(200, rules.title("t".repeat(200)).length());
        }

        @Test
        void two_hundred_and_one_characters_are_rejected() {
            assertRejected(INVALID, "title", () -> rules.title("t".repeat(201)));
        }

        @ParameterizedTest(name = "[{index}] U+{0}")
        @ValueSource(ints = {0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x9F})
        void an_inner_control_character_is_rejected(int controlCharacter) {
            String title = "Before" + (char) controlCharacter + "after";
            assertRejected(INVALID, "title", () -> rules.title(title));
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @NullSource
        @ValueSource(strings = {"", " ", "\t\n", "\u2003"})
        void a_missing_or_blank_title_is_rejected(String title) {
            assertRejected(INVALID, "title", () -> rules.title(title));
        }
    }

    @Nested
    class Tags {

        @Test
        void missing_tags_mean_no_tags() {
            assertEquals(List.of(), rules.tags(null));
        }

        @Test
        void no_tags_are_fine() {
            assertEquals(List.of(), rules.tags(List.of()));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"a", "7", "q3", "2024", "a-", "a--b", "release-notes", "x-1-y-2"})
        void lower_case_letters_digits_and_inner_or_trailing_hyphens_are_accepted(String tag) {
            assertEquals(List.of(tag), rules.tags(List.of(tag)));
        }

        @Test
        void a_tag_of_50_characters_is_accepted() {
            String tag = "a".repeat(50);
            assertEquals(List.of(tag), rules.tags(List.of(tag)));
        }

        @Test
        void a_tag_of_51_characters_is_rejected() {
            assertRejected(INVALID, "tags[0]", () -> rules.tags(List.of("a".repeat(51))));
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @NullSource
        @ValueSource(strings = {"", "-", "-draft", "Draft", "DRAFT", "a b", " a", "a ", "a_b", "a.b", "ä", "ﬁ",
                "a\n"})
        void a_tag_outside_the_pattern_is_rejected(String tag) {
            assertRejected(INVALID, "tags[0]", () -> rules.tags(Arrays.asList(tag)));
        }

        @Test
        void the_error_names_the_index_of_the_first_bad_tag() {
            assertRejected(INVALID, "tags[2]", () -> rules.tags(List.of("ok", "ok", "Bad", "-worse")));
        }

        @Test
        void duplicates_collapse_in_first_seen_order() {
            assertEquals(List.of("b", "a", "c"), rules.tags(List.of("b", "a", "b", "c", "a")));
        }

        @Test
        void twenty_tags_are_accepted() {
            assertEquals(tags(20), rules.tags(tags(20)));
        }

        @Test
        void twenty_one_tags_are_rejected() {
            assertRejected(INVALID, "tags", () -> rules.tags(tags(21)));
        }

        @Test
        void the_limit_counts_distinct_tags() {
            List<String> fortyWithDuplicates = IntStream.range(0, 40).mapToObj(i -> "tag-" + (i % 20 + 1)).toList();
            assertEquals(tags(20), rules.tags(fortyWithDuplicates));
        }

        @Test
        void a_bad_tag_is_reported_even_among_too_many() {
            List<String> tags = new ArrayList<>(tags(25));
            tags.set(22, "Bad");
            assertRejected(INVALID, "tags[22]", () -> rules.tags(tags));
        }
    }

    @Nested
    class UserId {

        @Test
        void an_ordinary_user_id_is_accepted() {
            assertDoesNotThrow(() -> rules.userId("auth0|5f7c8ec7c33c6c004bbafe82"));
        }

        @Test
        void a_user_id_of_255_characters_is_accepted() {
            assertDoesNotThrow(() -> rules.userId("u".repeat(255)));
        }

        @Test
        void a_user_id_of_256_characters_is_rejected() {
            assertRejected(INVALID, "userId", () -> rules.userId("u".repeat(256)));
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @NullSource
        @ValueSource(strings = {"", "bob\n", "\u0000bob", "b\tob"})
        void a_missing_user_id_or_one_with_control_characters_is_rejected(String userId) {
            assertRejected(INVALID, "userId", () -> rules.userId(userId));
        }
    }

    private static List<String> tags(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "tag-" + i).toList();
    }

    private static void assertRejected(Kind kind, String field, Executable rule) {
        DomainException rejection = assertThrows(DomainException.class, rule);
        assertAll(
                () -> assertEquals(kind, rejection.kind(), "kind"),
                () -> assertEquals(field, rejection.field(), "field"));
    }
}
