package dev.sandstone.api.ot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.ot.TextOp.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the port over random texts full of surrogate pairs, and the stored-delta conversion. */
class TextOpPropertyTest {

    private static final List<String> CHARACTERS = List.of(
            "a", "b", " ", "\n", "é", "漢", "字",
            "\uD83D\uDE00", "\uD83E\uDD16", "\uD835\uDD38", "\uD840\uDC00", "\uD83C\uDDE9\uD83C\uDDEA", "e\u0301");

    /** Where an op goes in a text, one stretch at a time: skip, then perhaps insert, then perhaps delete. */
    record Stretch(int skip, String insert, int delete, boolean deleteText, boolean deleteFirst) {
    }

    record Edit(String base, TextOp op) {
    }

    @Property(tries = 500)
    void a_delta_made_from_an_op_turns_back_into_the_same_op_with_count_deletes(@ForAll("canonicalEdits") Edit edit) {
        TextDelta delta = edit.op().toDelta(edit.base());

        TextOp back = TextOp.fromDelta(delta, edit.base());

        assertThat(back).isEqualTo(edit.op().normalized().stripInvertible());
    }

    @Property(tries = 500)
    void a_delta_made_from_an_op_changes_the_base_exactly_as_the_op_does(@ForAll("anyEdits") Edit edit) {
        TextDelta delta = edit.op().toDelta(edit.base());

        assertThat(delta.apply(edit.base())).isEqualTo(edit.op().apply(edit.base()));
        assertThat(delta.baseLength()).isEqualTo(edit.base().length());
        assertThat(TextOp.fromDelta(delta, edit.base()).apply(edit.base())).isEqualTo(edit.op().apply(edit.base()));
    }

    @Property(tries = 300)
    void two_concurrent_normalised_ops_converge_in_either_order(@ForAll("concurrentEdits") List<Edit> pair) {
        String base = pair.get(0).base();
        TextOp a = pair.get(0).op().normalized();
        TextOp b = pair.get(1).op().normalized();

        String viaA = b.transform(a, Side.RIGHT).apply(a.apply(base));
        String viaB = a.transform(b, Side.LEFT).apply(b.apply(base));

        assertThat(viaA).isEqualTo(viaB);
    }

    @Property(tries = 300)
    void an_op_composed_with_its_follow_up_does_what_both_do(@ForAll("anyEdits") Edit first, @ForAll long seed) {
        String after = first.op().apply(first.base());
        TextOp then = opOver(after, new java.util.Random(seed));

        assertThat(first.op().compose(then).apply(first.base())).isEqualTo(then.apply(after));
    }

    @Property(tries = 300)
    void results_never_hold_a_split_surrogate_pair(@ForAll("concurrentEdits") List<Edit> pair) {
        String base = pair.get(0).base();
        TextOp a = pair.get(0).op();
        TextOp b = pair.get(1).op();

        for (String text : List.of(a.apply(base), b.transform(a, Side.RIGHT).apply(a.apply(base)),
                a.compose(b.transform(a, Side.RIGHT)).apply(base))) {
            assertThat(Utf16.unpairedSurrogate(text)).isEqualTo(-1);
        }
    }

    @Provide
    Arbitrary<Edit> canonicalEdits() {
        return edits(false);
    }

    @Provide
    Arbitrary<Edit> anyEdits() {
        return edits(true);
    }

    @Provide
    Arbitrary<List<Edit>> concurrentEdits() {
        return texts().flatMap(base -> Combinators.combine(stretches(true), stretches(true))
                .as((a, b) -> List.of(new Edit(base, build(base, a)), new Edit(base, build(base, b)))));
    }

    private static Arbitrary<String> texts() {
        return Arbitraries.of(CHARACTERS).list().ofMaxSize(40).map(characters -> String.join("", characters));
    }

    private static Arbitrary<Edit> edits(boolean anyOrder) {
        return Combinators.combine(texts(), stretches(anyOrder)).as((base, stretches) -> new Edit(base, build(base, stretches)));
    }

    private static Arbitrary<List<Stretch>> stretches(boolean anyOrder) {
        Arbitrary<String> inserts = Arbitraries.of(CHARACTERS).list().ofMaxSize(4).map(c -> String.join("", c));
        return Combinators.combine(Arbitraries.integers().between(0, 6), inserts, Arbitraries.integers().between(0, 5),
                        Arbitraries.of(true, false), anyOrder ? Arbitraries.of(true, false) : Arbitraries.just(false))
                .as(Stretch::new)
                .list().ofMaxSize(6);
    }

    /**
     * Lays the stretches over the base's code points. A stretch after the first skips at least one character, so no
     * two inserts or deletes touch and the op is its own canonical form (unless a delete is put first).
     */
    private static TextOp build(String base, List<Stretch> stretches) {
        List<String> characters = base.codePoints().mapToObj(Character::toString).toList();
        List<Object> json = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < stretches.size(); i++) {
            Stretch stretch = stretches.get(i);
            int skip = Math.min(i == 0 ? stretch.skip() : Math.max(1, stretch.skip()), characters.size() - at);
            if (i > 0 && skip == 0) {
                break;
            }
            json.add(skip);
            at += skip;
            int delete = Math.min(stretch.delete(), characters.size() - at);
            Object deletion = Map.of("d", stretch.deleteText()
                    ? String.join("", characters.subList(at, at + delete)) : (Object) delete);
            if (stretch.deleteFirst()) {
                json.add(deletion);
                json.add(stretch.insert());
            } else {
                json.add(stretch.insert());
                json.add(deletion);
            }
            at += delete;
        }
        return TextOp.normalize(json);
    }

    private static TextOp opOver(String base, java.util.Random random) {
        List<Stretch> stretches = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            stretches.add(new Stretch(random.nextInt(6), CHARACTERS.get(random.nextInt(CHARACTERS.size())),
                    random.nextInt(4), random.nextBoolean(), random.nextBoolean()));
        }
        return build(base, stretches);
    }
}
