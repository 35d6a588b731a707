package dev.sandstone.api.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstone.api.ot.TextOp.Side;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The port gives the same JSON as the reference implementation for every case that the build generated with
 * {@code ot-text-unicode} and {@code ot-fuzzer} (see {@code src/test/node/generate-cases.js} and the
 * {@code exec-maven-plugin} executions in this module's pom).
 */
class TextOpDifferentialTest {

    private static final int SHOWN_MISMATCHES = 5;
    private static List<Map<String, Object>> cases;

    @BeforeAll
    static void readTheReferenceCases() throws IOException {
        String location = System.getProperty("sandstone.test.ot.cases");
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            fail("No reference cases at " + location + ": run this test through Maven (./mvnw -pl shared-api verify),"
                    + " whose build generates them with node and npm");
        }
        ObjectMapper json = new ObjectMapper();
        cases = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(Path.of(location), StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> parsed = json.readValue(line, Map.class);
                    cases.add(parsed);
                }
            }
        }
    }

    @Test
    void the_reference_wrote_at_least_ten_thousand_cases_of_random_ops() {
        assertThat(casesOf("main")).hasSizeGreaterThanOrEqualTo(10_000);
        assertThat(casesOf("main")).anySatisfy(c -> assertThat((String) c.get("doc")).containsPattern("[\\x{1F600}-\\x{1F64F}]"));
        assertThat(casesOf("main")).anySatisfy(c -> assertThat((String) c.get("doc")).containsPattern("\\p{IsHan}"));
    }

    @Test
    void applying_an_op_gives_the_reference_document() {
        check("main", c -> op(c, "a").apply(doc(c)), c -> c.get("apply"));
    }

    @Test
    void composing_two_ops_gives_the_reference_op_and_document() {
        check("main", c -> op(c, "a").compose(op(c, "c")).toJson(), c -> c.get("compose"));
        check("main", c -> op(c, "a").compose(op(c, "c")).apply(doc(c)), c -> c.get("composeApply"));
    }

    @Test
    void transforming_an_op_by_a_concurrent_one_gives_the_reference_op_on_either_side() {
        check("main", c -> op(c, "a").transform(op(c, "b"), Side.LEFT).toJson(), c -> c.get("left"));
        check("main", c -> op(c, "a").transform(op(c, "b"), Side.RIGHT).toJson(), c -> c.get("right"));
        check("main", c -> op(c, "b").transform(op(c, "a"), Side.LEFT).toJson(), c -> c.get("bLeft"));
        check("main", c -> op(c, "b").transform(op(c, "a"), Side.RIGHT).toJson(), c -> c.get("bRight"));
    }

    @Test
    void both_orders_of_a_concurrent_pair_converge_on_the_reference_document() {
        List<Map<String, Object>> converging = casesOf("main").stream().filter(c -> c.get("converged") != null).toList();
        assertThat(converging).hasSizeGreaterThanOrEqualTo(9_000);
        check(converging, c -> {
            TextOp a = op(c, "a");
            TextOp b = op(c, "b");
            String viaA = b.transform(a, Side.RIGHT).apply(a.apply(doc(c)));
            String viaB = a.transform(b, Side.LEFT).apply(b.apply(doc(c)));
            return viaA.equals(viaB) ? viaA : "diverged: " + viaA + " / " + viaB;
        }, c -> c.get("converged"));
    }

    @Test
    void a_cursor_moves_through_an_op_as_in_the_reference() {
        check("main", c -> {
            TextOp a = op(c, "a");
            List<List<Integer>> moved = new ArrayList<>();
            for (Object pair : (List<?>) c.get("positions")) {
                int cursor = (Integer) ((List<?>) pair).get(0);
                moved.add(List.of(cursor, a.transformPosition(cursor)));
            }
            return moved;
        }, c -> c.get("positions"));
    }

    @Test
    void normalising_invertibility_and_inversion_match_the_reference() {
        check("main", c -> op(c, "a").normalized().toJson(), c -> c.get("normalized"));
        check("main", c -> op(c, "a").makeInvertible(doc(c)).toJson(), c -> c.get("invertible"));
        check("main", c -> op(c, "a").makeInvertible(doc(c)).invert().toJson(), c -> c.get("inverse"));
        check("main", c -> op(c, "a").stripInvertible().toJson(), c -> c.get("stripped"));
        check("main", c -> op(c, "a").isInvertible(), c -> c.get("isInvertible"));
    }

    @Test
    void ops_round_trip_through_json_unchanged() {
        check("main", c -> op(c, "a").toJson(), c -> c.get("a"));
        check("main", c -> op(c, "c").toJson(), c -> c.get("c"));
    }

    @Test
    void an_unnormalised_op_normalises_to_the_reference_op() {
        assertThat(casesOf("normalize")).hasSizeGreaterThanOrEqualTo(1_000);
        check("normalize", c -> TextOp.normalize(c.get("input")).toJson(), c -> c.get("normalized"));
    }

    @Test
    void every_op_the_reference_rejects_is_rejected() {
        assertThat(casesOf("invalid")).hasSizeGreaterThanOrEqualTo(500);
        check("invalid", c -> refusal(() -> TextOp.fromJson(c.get("op"))), c -> "refused");
    }

    @Test
    void a_skip_past_the_end_is_rejected_like_in_the_reference() {
        check("tooLong", c -> refusal(() -> TextOp.fromJson(c.get("op")).apply(doc(c))), c -> "refused");
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
            return "accepted";
        } catch (InvalidOperationException e) {
            return "refused";
        }
    }

    private static TextOp op(Map<String, Object> c, String key) {
        return TextOp.fromJson(c.get(key));
    }

    private static String doc(Map<String, Object> c) {
        return (String) c.get("doc");
    }

    private static List<Map<String, Object>> casesOf(String kind) {
        return cases.stream().filter(c -> kind.equals(c.get("kind"))).toList();
    }

    private static void check(String kind, Function<Map<String, Object>, Object> port,
                              Function<Map<String, Object>, Object> reference) {
        List<Map<String, Object>> selected = casesOf(kind);
        assertThat(selected).isNotEmpty();
        check(selected, port, reference);
    }

    private static void check(List<Map<String, Object>> selected, Function<Map<String, Object>, Object> port,
                              Function<Map<String, Object>, Object> reference) {
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        for (Map<String, Object> c : selected) {
            Object expected = reference.apply(c);
            Object actual;
            try {
                actual = port.apply(c);
            } catch (RuntimeException e) {
                actual = e.toString();
            }
            if (!Objects.equals(expected, actual)) {
                count++;
                if (mismatches.size() < SHOWN_MISMATCHES) {
                    mismatches.add("case " + c + "\n    reference: " + expected + "\n    port:      " + actual);
                }
            }
        }
        if (count > 0) {
            fail(count + " of " + selected.size() + " cases differ from the reference; the first:\n"
                    + String.join("\n", mismatches));
        }
    }
}
