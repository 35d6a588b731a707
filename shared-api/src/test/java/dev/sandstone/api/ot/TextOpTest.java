package dev.sandstone.api.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.ot.TextOp.Range;
import dev.sandstone.api.ot.TextOp.Side;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TextOpTest {

    private static final String GRINNING = "\uD83D\uDE00"; // U+1F600, two Java chars, one position
    private static final String ROBOT = "\uD83E\uDD16";    // U+1F916

    private static TextOp op(Object... components) {
        return TextOp.fromJson(Arrays.asList(components));
    }

    private static Map<String, Object> d(Object deleted) {
        return Map.of("d", deleted);
    }

    @Nested
    class Positions_count_code_points {

        @Test
        void given_an_emoji_when_skipping_one_position_then_both_of_its_chars_are_kept() {
            TextOp insertAfterTheEmoji = op(1, "x");

            assertThat(insertAfterTheEmoji.apply(GRINNING + "ab")).isEqualTo(GRINNING + "xab");
        }

        @Test
        void given_an_emoji_when_deleting_one_position_then_the_whole_surrogate_pair_goes() {
            TextOp deleteTheEmoji = op(1, d(1));

            assertThat(deleteTheEmoji.apply("a" + GRINNING + "b")).isEqualTo("ab");
        }

        @Test
        void given_cjk_and_astral_text_when_inserting_in_the_middle_then_the_position_counts_each_character_once() {
            String document = "漢" + GRINNING + "字" + ROBOT + "文";

            assertThat(op(3, "·").apply(document)).isEqualTo("漢" + GRINNING + "字·" + ROBOT + "文");
            assertThat(op(4, d("文")).apply(document)).isEqualTo("漢" + GRINNING + "字" + ROBOT);
        }

        @Test
        void given_an_insert_of_emoji_when_counting_then_each_emoji_is_one_inserted_code_point() {
            TextOp op = op(GRINNING + ROBOT + "a", 2, d(GRINNING), d(2));

            assertThat(op.insertedCodePoints()).isEqualTo(3);
            assertThat(op.deletedCodePoints()).isEqualTo(3);
        }

        @Test
        void given_a_composition_that_cuts_an_insert_of_emoji_when_composing_then_it_cuts_between_code_points() {
            TextOp insert = op(GRINNING + ROBOT + GRINNING);
            TextOp deleteTheMiddleOne = op(1, d(1));

            TextOp composed = insert.compose(deleteTheMiddleOne);

            assertThat(composed.toJson()).containsExactly(GRINNING + GRINNING);
        }

        @Test
        void given_a_cursor_after_an_emoji_when_text_is_inserted_before_it_then_it_moves_by_code_points() {
            TextOp insertTwoEmoji = op(GRINNING + ROBOT);

            assertThat(insertTwoEmoji.transformPosition(1)).isEqualTo(3);
            assertThat(insertTwoEmoji.transformPosition(0)).isZero();
        }

        @Test
        void given_a_cursor_inside_a_deleted_stretch_when_transformed_then_it_lands_at_the_start_of_the_delete() {
            TextOp deleteFromTwoToSix = op(2, d(4));

            assertThat(deleteFromTwoToSix.transformPosition(4)).isEqualTo(2);
            assertThat(deleteFromTwoToSix.transformPosition(8)).isEqualTo(4);
            assertThat(deleteFromTwoToSix.transformPosition(1)).isEqualTo(1);
        }

        @Test
        void given_a_selection_around_a_delete_and_an_insert_inside_it_when_transformed_then_it_shrinks_and_widens() {
            TextOp op = op(1, d(2), 1, "xyz");

            assertThat(TextOp.transformRange(0, 6, op)).isEqualTo(new Range(0, 7));
            assertThat(TextOp.transformRange(2, 0, op)).isEqualTo(new Range(1, 0));
            assertThat(TextOp.transformRange(5, 1, op)).isEqualTo(new Range(6, 1));
        }
    }

    @Nested
    class Concurrent_edits {

        @Test
        void given_two_inserts_at_one_place_when_transformed_then_the_left_side_goes_first() {
            TextOp mine = op(1, "A");
            TextOp theirs = op(1, "B");

            String viaTheirs = mine.transform(theirs, Side.LEFT).apply(theirs.apply("xy"));
            String viaMine = theirs.transform(mine, Side.RIGHT).apply(mine.apply("xy"));

            assertThat(viaTheirs).isEqualTo("xABy").isEqualTo(viaMine);
        }

        @Test
        void given_two_deletes_of_one_stretch_when_transformed_then_nothing_is_deleted_twice() {
            TextOp mine = op(1, d("bc"));
            TextOp theirs = op(2, d(2));

            TextOp transformed = mine.transform(theirs, Side.LEFT);

            assertThat(transformed.toJson()).containsExactly(1, Map.of("d", "b"));
            assertThat(transformed.apply(theirs.apply("abcde"))).isEqualTo("ae");
        }

        @Test
        void given_an_edit_and_a_follow_up_when_composed_then_one_op_does_both() {
            TextOp first = op(2, "xyz");
            TextOp then = op(1, d(2), 1, d("z"));

            assertThat(then.apply(first.apply("abcd"))).isEqualTo("aycd");
            assertThat(first.compose(then).toJson()).containsExactly(1, Map.of("d", 1), "y");
            assertThat(first.compose(then).apply("abcd")).isEqualTo(then.apply(first.apply("abcd")));
        }

        @Test
        void given_unmerged_neighbouring_inserts_when_transformed_then_they_are_kept_apart_as_in_the_reference() {
            TextOp split = op("a", "b");
            TextOp concurrent = op("x");

            assertThat(split.transform(concurrent, Side.LEFT).toJson()).containsExactly("a", 1, "b");
            assertThat(split.normalized().transform(concurrent, Side.LEFT).toJson()).containsExactly("ab");
        }
    }

    @Nested
    class Reading_json {

        @Test
        void given_numbers_strings_and_deletes_when_read_then_they_come_back_as_canonical_json() {
            Map<String, Object> jacksonDelete = new LinkedHashMap<>();
            jacksonDelete.put("d", 3L);

            TextOp op = TextOp.fromJson(List.of(2L, "hi", jacksonDelete, 1.0, Map.of("d", "xy")));

            assertThat(op.toJson()).containsExactly(2, "hi", Map.of("d", 3), 1, Map.of("d", "xy"));
            assertThat(op.toJson().get(0)).isInstanceOf(Integer.class);
            assertThat(op).hasToString("[2,\"hi\",{\"d\":3},1,{\"d\":\"xy\"}]");
        }

        @Test
        void given_the_empty_op_when_read_then_it_is_the_noop() {
            assertThat(TextOp.fromJson(List.of())).isEqualTo(TextOp.noop());
            assertThat(TextOp.noop().isNoop()).isTrue();
            assertThat(op("x").isNoop()).isFalse();
            assertThat(TextOp.noop().apply("same")).isEqualTo("same");
        }

        @Test
        void given_something_else_than_an_array_when_read_then_it_is_refused() {
            assertRefused(null, "an op must be a JSON array of components but was null");
            assertRefused(Map.of("d", 1), "an op must be a JSON array of components but was an object");
            assertRefused("abc", "an op must be a JSON array of components but was a string");
        }

        @Test
        void given_components_of_the_wrong_kind_when_read_then_the_message_names_the_component() {
            assertRefused(Arrays.asList(1, null), "component 1 is null; a component is a skip (positive integer),"
                    + " an insert (non-empty string) or a delete ({\"d\": count} or {\"d\": \"text\"})");
            assertRefused(List.of(true), "component 0 is a boolean (true); a component is a skip");
            assertRefused(List.of(List.of(1)), "component 0 is an array; a component is a skip");
            assertRefused(List.of(Map.of("i", "x")), "component 0 is an object without \"d\"");
        }

        @Test
        void given_skips_that_are_not_positive_whole_numbers_when_read_then_they_are_refused() {
            assertRefused(List.of(0, "x"), "skip at component 0 must be > 0 but was 0");
            assertRefused(List.of("x", -2, "y"), "skip at component 1 must be > 0 but was -2");
            assertRefused(List.of(1.5, "x"), "skip at component 0 must be a whole number but was 1.5");
            assertRefused(List.of(Double.NaN, "x"), "skip at component 0 must be a whole number but was NaN");
            assertRefused(List.of(BigInteger.TWO.pow(40), "x"),
                    "skip at component 0 is longer than any Java string: 1099511627776");
        }

        @Test
        void given_skips_that_are_not_normalised_when_read_then_they_are_refused_as_checkOp_does() {
            assertRefused(List.of(1, 2, "x"), "components 0 and 1 are adjacent skips, which must be combined into one");
            assertRefused(List.of("x", 3), "the op ends with a skip (component 1), which must be left out");
        }

        @Test
        void given_empty_inserts_or_deletes_when_read_then_they_are_refused() {
            assertRefused(List.of(""), "insert at component 0 is empty");
            assertRefused(List.of(2, d(0)), "delete at component 1 must delete > 0 characters but \"d\" was 0");
            assertRefused(List.of(d(-1)), "delete at component 0 must delete > 0 characters but \"d\" was -1");
            assertRefused(List.of(d("")), "delete at component 0 is empty");
        }

        @Test
        void given_a_malformed_delete_when_read_then_the_message_says_what_is_wrong_with_it() {
            assertRefused(List.of(d(true)), "delete at component 0 must have a count or a text as \"d\" but \"d\" is"
                    + " a boolean (true)");
            assertRefused(List.of(Map.of("d", 1, "x", 2)), "delete at component 0 has keys other than \"d\": [x]");
        }

        @Test
        void given_text_with_an_unpaired_surrogate_when_read_then_it_is_refused_before_it_can_split_a_character() {
            assertRefused(List.of("ab\uD83D"), "insert at component 0 has an unpaired surrogate at char 2");
            assertRefused(List.of(1, d("\uDE00x")), "delete at component 1 has an unpaired surrogate at char 0");
        }

        @Test
        void given_unmerged_neighbouring_inserts_and_deletes_when_read_then_they_are_kept_as_sent() {
            TextOp op = op("a", "b", d(1), d("c"));

            assertThat(op.toJson()).containsExactly("a", "b", Map.of("d", 1), Map.of("d", "c"));
            assertThat(op.normalized().toJson()).containsExactly("ab", Map.of("d", 2));
        }

        private static void assertRefused(Object json, String message) {
            assertThatThrownBy(() -> TextOp.fromJson(json))
                    .isInstanceOf(InvalidOperationException.class)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(message);
        }
    }

    @Nested
    class Normalising {

        @Test
        void given_empty_components_and_a_trailing_skip_when_normalised_then_they_are_dropped() {
            TextOp op = TextOp.normalize(List.of(0, "", 2, 3, d(0), d(""), "x", 4));

            assertThat(op.toJson()).containsExactly(5, "x");
        }

        @Test
        void given_text_and_count_deletes_side_by_side_when_normalised_then_the_text_survives_only_among_texts() {
            assertThat(TextOp.normalize(List.of(d("ab"), d(GRINNING))).toJson()).containsExactly(d("ab" + GRINNING));
            assertThat(TextOp.normalize(List.of(d("ab"), d(1), d("c"))).toJson()).containsExactly(d(4));
        }

        @Test
        void given_a_negative_skip_when_normalised_then_it_is_still_refused() {
            assertThatThrownBy(() -> TextOp.normalize(List.of(-1)))
                    .isInstanceOf(InvalidOperationException.class)
                    .hasMessage("skip at component 0 must be > 0 but was -1");
        }
    }

    @Nested
    class Applying_to_a_document {

        @Test
        void given_a_skip_past_the_end_when_applied_then_it_is_refused_with_the_document_length() {
            assertThatThrownBy(() -> op(4, "x").apply("ab" + GRINNING))
                    .isInstanceOf(InvalidOperationException.class)
                    .hasMessage("skip of 4 at component 0 goes past the end of the document, which has 3 characters");
        }

        @Test
        void given_a_delete_past_the_end_when_applied_then_it_is_refused_although_the_reference_would_clamp_it() {
            assertThatThrownBy(() -> op(2, d(2)).apply("abc"))
                    .isInstanceOf(InvalidOperationException.class)
                    .hasMessage("delete of 2 at component 1 goes past the end of the document, which has 3 characters");
        }

        @Test
        void given_a_text_delete_that_does_not_match_when_applied_then_it_is_refused_with_both_texts() {
            assertThatThrownBy(() -> op(1, d("xy")).apply("abcd"))
                    .isInstanceOf(InvalidOperationException.class)
                    .hasMessage("delete at component 1 expects \"xy\" at character 1 but the document has \"bc\"");
        }

        @Test
        void given_an_op_with_count_deletes_when_made_invertible_then_inverting_it_undoes_it() {
            String document = "ab" + GRINNING + "cd";
            TextOp op = op(1, d(2), "xy");

            TextOp invertible = op.makeInvertible(document);

            assertThat(op.isInvertible()).isFalse();
            assertThat(invertible.toJson()).containsExactly(1, d("b" + GRINNING), "xy");
            assertThat(invertible.invert().apply(op.apply(document))).isEqualTo(document);
            assertThat(invertible.stripInvertible()).isEqualTo(op);
            assertThatThrownBy(op::invert).isInstanceOf(InvalidOperationException.class)
                    .hasMessageStartingWith("delete at component 1 is a bare count");
        }

        @Test
        void given_the_reference_helpers_when_building_inserts_and_removes_then_they_skip_to_the_position() {
            assertThat(TextOp.insert(0, "x").toJson()).containsExactly("x");
            assertThat(TextOp.insert(3, "x").toJson()).containsExactly(3, "x");
            assertThat(TextOp.insert(3, "").isNoop()).isTrue();
            assertThat(TextOp.remove(2, 1).toJson()).containsExactly(2, d(1));
            assertThat(TextOp.remove(0, 0).isNoop()).isTrue();
        }
    }

    @Nested
    class Converting_to_and_from_stored_deltas {

        @Test
        void given_an_op_over_astral_text_when_converted_to_a_delta_then_lengths_count_utf16_chars() {
            String base = GRINNING + "ab" + ROBOT + "c";
            TextOp op = op(1, "漢" + GRINNING, 1, d(2));

            TextDelta delta = op.toDelta(base);

            assertThat(delta.ops()).containsExactly(2L, "漢" + GRINNING, 1L, -3L, 1L);
            assertThat(delta.apply(base)).isEqualTo(op.apply(base));
        }

        @Test
        void given_a_delete_then_an_insert_when_converted_to_a_delta_then_the_insert_comes_first() {
            TextDelta delta = op(1, d(1), "x").toDelta("abc");

            assertThat(delta.ops()).containsExactly(1L, "x", -1L, 1L);
            assertThat(TextOp.fromDelta(delta, "abc").toJson()).containsExactly(1, "x", d(1));
        }

        @Test
        void given_a_delta_when_converted_to_an_op_then_deletes_are_counts_and_the_trailing_retain_is_dropped() {
            String base = "a" + GRINNING + ROBOT + "b";
            TextDelta delta = new TextDelta(List.of(1, -2, "z", 2, 1));

            TextOp op = TextOp.fromDelta(delta, base);

            assertThat(op.toJson()).containsExactly(1, d(1), "z");
            assertThat(op.apply(base)).isEqualTo(delta.apply(base));
        }

        @Test
        void given_a_delta_that_cuts_a_surrogate_pair_when_converted_then_it_is_refused() {
            TextDelta cutsTheEmoji = new TextDelta(List.of(2, -2));

            assertThatThrownBy(() -> TextOp.fromDelta(cutsTheEmoji, "a" + GRINNING + "b"))
                    .isInstanceOf(InvalidOperationException.class)
                    .hasMessage("delta op 0 ends inside a surrogate pair, at char 2 of the base text");
        }

        @Test
        void given_a_delta_over_a_text_of_another_length_when_converted_then_it_is_refused() {
            assertThatThrownBy(() -> TextOp.fromDelta(new TextDelta(List.of(3)), "ab"))
                    .isInstanceOf(InvalidOperationException.class)
                    .hasMessage("the delta is over a text of 3 chars but the base text has 2");
        }

        @Test
        void given_an_op_that_does_not_fit_the_base_when_converted_to_a_delta_then_it_is_refused() {
            assertThatThrownBy(() -> op(5, "x").toDelta("abc"))
                    .isInstanceOf(InvalidOperationException.class)
                    .hasMessageStartingWith("skip of 5 at component 0 goes past the end of the document");
        }
    }
}
