package dev.sandstone.api.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextDeltaTest {

    private static TextDelta delta(Object... ops) {
        return new TextDelta(Arrays.asList(ops));
    }

    @Test
    void retains_deletes_and_inserts_are_applied_in_order() {
        TextDelta delta = delta(6, -5, "there", 1);

        assertThat(delta.apply("hello world!")).isEqualTo("hello there!");
    }

    @Test
    void an_insert_at_the_start_and_a_delete_at_the_end_are_applied() {
        assertThat(delta(">> ", 3, -2).apply("abcde")).isEqualTo(">> abc");
    }

    @Test
    void lengths_are_counted_from_the_ops() {
        TextDelta delta = delta(6, -5, "there!!", 1);

        assertThat(delta.baseLength()).isEqualTo(12);
        assertThat(delta.targetLength()).isEqualTo(14);
        assertThat(delta.insertedChars()).isEqualTo(7);
        assertThat(delta.deletedChars()).isEqualTo(5);
        assertThat(delta.changesNothing()).isFalse();
    }

    @Test
    void lengths_count_utf16_chars_so_an_emoji_counts_two() {
        TextDelta delta = delta(1, -2, "\uD83D\uDE00\uD83D\uDE00");

        assertThat(delta.baseLength()).isEqualTo(3);
        assertThat(delta.targetLength()).isEqualTo(5);
        assertThat(delta.apply("a\uD83C\uDF89")).isEqualTo("a\uD83D\uDE00\uD83D\uDE00");
    }

    @Test
    void only_retains_or_no_ops_at_all_change_nothing() {
        assertThat(delta(5).changesNothing()).isTrue();
        assertThat(delta().changesNothing()).isTrue();
        assertThat(delta().apply("")).isEmpty();
        assertThat(delta(5).apply("abcde")).isEqualTo("abcde");
        assertThat(delta(5, "x").changesNothing()).isFalse();
        assertThat(delta(4, -1).changesNothing()).isFalse();
    }

    @Test
    void integers_longs_and_other_integral_numbers_are_accepted_and_compare_equal() {
        TextDelta fromJackson = delta(3, -1L, "x", 2L);
        TextDelta mixed = delta(3L, (short) -1, "x", BigInteger.TWO);

        assertThat(fromJackson.apply("abcdef")).isEqualTo("abcxef");
        assertThat(fromJackson).isEqualTo(mixed);
        assertThat(fromJackson.ops()).containsExactly(3L, -1L, "x", 2L);
    }

    @Test
    void a_whole_floating_point_number_is_accepted_but_a_fraction_is_not() {
        assertThat(delta(2.0, -1.0).apply("abc")).isEqualTo("ab");
        assertThatThrownBy(() -> delta(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> delta(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void null_zero_empty_strings_and_other_types_are_rejected() {
        assertThatThrownBy(() -> new TextDelta(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> delta(1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("op 1");
        assertThatThrownBy(() -> delta(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> delta(0L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> delta("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> delta('x')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> delta(true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> delta(List.of(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lengths_beyond_any_java_string_are_rejected() {
        assertThatThrownBy(() -> delta(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> delta(1L << 31)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> delta(BigInteger.TEN.pow(30))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_ops_are_an_unmodifiable_copy() {
        List<Object> ops = new ArrayList<>(List.of(3, "x"));
        TextDelta delta = new TextDelta(ops);
        ops.add(-1);

        assertThat(delta.ops()).containsExactly(3L, "x");
        assertThatThrownBy(() -> delta.ops().add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_base_of_the_wrong_length_is_rejected_with_both_lengths_in_the_message() {
        TextDelta delta = delta(3, -2, "x");

        assertThatThrownBy(() -> delta.apply("abcd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5")
                .hasMessageContaining("4");
        assertThatThrownBy(() -> delta.apply("abcdef")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> delta.apply(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_builder_skips_empty_ops_and_merges_neighbours_of_the_same_kind() {
        TextDelta delta = TextDelta.builder()
                .retain(0).retain(2).retain(3)
                .insert("").insert("ab").insert("c")
                .delete(0).delete(1).delete(2)
                .retain(4)
                .build();

        assertThat(delta.ops()).containsExactly(5L, "abc", -3L, 4L);
    }

    @Test
    void the_builder_puts_an_insert_before_an_adjacent_delete() {
        TextDelta delta = TextDelta.builder()
                .retain(1).delete(2).insert("x").delete(1).insert("y").retain(1)
                .build();

        assertThat(delta.ops()).containsExactly(1L, "xy", -3L, 1L);
        assertThat(delta.apply("abcde")).isEqualTo("axye");
        assertThat(TextDelta.builder().delete(2).insert("z").build().ops()).containsExactly("z", -2L);
    }

    @Test
    void the_builder_rejects_negative_lengths_and_null_text() {
        assertThatThrownBy(() -> TextDelta.builder().retain(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextDelta.builder().delete(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextDelta.builder().insert(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_empty_builder_gives_the_identity_on_the_empty_text() {
        TextDelta delta = TextDelta.builder().build();

        assertThat(delta.ops()).isEmpty();
        assertThat(delta.changesNothing()).isTrue();
        assertThat(delta.baseLength()).isZero();
    }

    @Test
    void applying_to_a_large_base_is_linear() {
        String base = "a".repeat(10_000_000);
        TextDelta delta = TextDelta.builder().retain(5_000_000).insert("b").delete(1).retain(4_999_999).build();

        String result = delta.apply(base);

        assertThat(result).hasSize(10_000_000);
        assertThat(result.charAt(5_000_000)).isEqualTo('b');
    }
}
