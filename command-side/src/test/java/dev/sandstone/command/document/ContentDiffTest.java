package dev.sandstone.command.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstone.api.document.TextDelta;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ContentDiffTest {

    private static final String[] PIECES = {
        "a", "b", "c", "e", " ", " ", "x", "\n", "\n", "\r\n", "\r", "é", "中",
        "\uD83D\uDE00", "\uD83D\uDE01", "\uD83C\uDF89", "\uD83D\uDC4D",
    };
    private static final String[] WORDS = {"lorem", "ipsum", "dolor", "sit", "amet", "\uD83D\uDE00", "é", "\t"};

    @Test
    void identical_texts_give_the_identity_delta() {
        assertThat(ContentDiff.between("", "").ops()).isEmpty();
        assertThat(ContentDiff.between("abc", "abc").ops()).containsExactly(3L);
        String large = "line\r\n".repeat(200_000);
        TextDelta delta = ContentDiff.between(large, new String(large));
        assertThat(delta.changesNothing()).isTrue();
        assertThat(delta.ops()).hasSize(1);
    }

    @Test
    void an_empty_side_gives_a_single_insert_or_delete() {
        assertThat(ContentDiff.between("", "hello").ops()).containsExactly("hello");
        assertThat(ContentDiff.between("hello", "").ops()).containsExactly(-5L);
    }

    @Test
    void a_small_edit_keeps_only_the_change() {
        assertThat(ContentDiff.between("hello world", "hello brave world").ops())
                .containsExactly(6L, "brave ", 5L);
        assertThat(ContentDiff.between("a\r\nb", "a\nb").ops()).containsExactly(1L, -1L, 2L);
    }

    @Test
    void emoji_sharing_a_high_surrogate_are_replaced_whole() {
        TextDelta delta = ContentDiff.between("a\uD83D\uDE00b", "a\uD83D\uDE01b");

        assertThat(delta.ops()).containsExactly(1L, "\uD83D\uDE01", -2L, 1L);
    }

    @Test
    void an_emoji_appended_after_an_emoji_sharing_its_low_surrogate_is_inserted_whole() {
        String before = "\uD83D\uDE00";
        String after = "\uD83D\uDE00\uD83C\uDE00";

        assertValidDelta(before, after, ContentDiff.between(before, after));
        assertValidDelta(after, before, ContentDiff.between(after, before));
        assertValidDelta("\uD83C\uDE00", after, ContentDiff.between("\uD83C\uDE00", after));
    }

    @Test
    void random_edits_of_small_random_texts_round_trip_without_splitting_surrogates() {
        Random random = new Random(20_240_501);
        for (int i = 0; i < 5_000; i++) {
            String before = randomText(random, PIECES, random.nextInt(40));
            String after = randomlyEdited(random, before, PIECES, 1 + random.nextInt(4));
            assertValidDelta(before, after, ContentDiff.between(before, after));
        }
    }

    @Test
    void unrelated_random_texts_round_trip_without_splitting_surrogates() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            String before = randomText(random, PIECES, random.nextInt(60));
            String after = randomText(random, PIECES, random.nextInt(60));
            assertValidDelta(before, after, ContentDiff.between(before, after));
        }
    }

    @Test
    void random_edits_of_larger_multi_line_texts_round_trip_without_splitting_surrogates() {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            String before = randomLines(random, 50 + random.nextInt(800));
            String after = randomlyEdited(random, before, WORDS, 1 + random.nextInt(12));
            if (random.nextInt(4) == 0) {
                after = after.replace("\n", "\r\n");
            }
            assertValidDelta(before, after, ContentDiff.between(before, after));
        }
    }

    @Test
    void texts_with_lone_surrogates_still_round_trip() {
        Random random = new Random(3);
        String[] broken = {"a", "\n", "\uD83D", "\uDE00", "\uDE01", "\uD83C", "\uD83D\uDE00"};
        for (int i = 0; i < 3_000; i++) {
            String before = randomText(random, broken, random.nextInt(30));
            String after = random.nextBoolean()
                    ? randomlyEdited(random, before, broken, 1 + random.nextInt(3))
                    : randomText(random, broken, random.nextInt(30));
            assertThat(ContentDiff.between(before, after).apply(before)).isEqualTo(after);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void a_one_character_edit_to_a_megabyte_document_is_tiny() {
        Random random = new Random(1);
        String before = randomText(random, PIECES, 1_000_000);
        int at = before.offsetByCodePoints(0, before.codePointCount(0, before.length()) / 2);
        String after = before.substring(0, at) + "\uD83D\uDE4F" + before.substring(at);

        TextDelta delta = ContentDiff.between(before, after);

        assertValidDelta(before, after, delta);
        assertThat(utf8Json(delta).length).isLessThan(200);
        assertThat(delta.ops()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void a_multi_line_edit_in_the_middle_of_a_large_document_stays_compact() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            lines.add("Line " + i + " of the quarterly report, with some text \uD83D\uDE00.\n");
        }
        String before = String.join("", lines);
        lines.set(10_000, "Line 10000 of the quarterly report, with different text \uD83D\uDE01.\n");
        lines.remove(10_050);
        lines.add(10_100, "A brand new line.\n");
        lines.set(10_150, lines.get(10_150).replace("report", "summary"));
        String after = String.join("", lines);

        TextDelta delta = ContentDiff.between(before, after);

        assertValidDelta(before, after, delta);
        assertThat(delta.insertedChars()).isLessThan(60);
        assertThat(delta.deletedChars()).isLessThan(100);
        assertThat(delta.ops()).hasSizeLessThanOrEqualTo(16);
        assertThat(utf8Json(delta).length).isLessThan(250);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void a_complete_rewrite_of_a_ten_megabyte_document_falls_back_to_replacing_it() {
        Random random = new Random(11);
        String before = randomText(random, PIECES, 10_000_000);
        String after = randomText(random, PIECES, 10_000_000);

        TextDelta delta = ContentDiff.between(before, after);

        assertThat(delta.apply(before)).isEqualTo(after);
        assertThat(delta.insertedChars()).isLessThanOrEqualTo(after.length());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void a_rewrite_of_a_document_with_few_long_lines_finishes() {
        Random random = new Random(12);
        String before = randomLongLines(random, 4_000, 2_500);
        String after = randomLongLines(random, 4_000, 2_500);

        TextDelta delta = ContentDiff.between(before, after);

        assertThat(delta.apply(before)).isEqualTo(after);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void reordering_every_line_of_a_document_finishes() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            lines.add("entry " + i + " " + "x".repeat(i % 90) + "\n");
        }
        String before = String.join("", lines);
        Collections.reverse(lines);
        String after = String.join("", lines);

        TextDelta delta = ContentDiff.between(before, after);

        assertThat(delta.apply(before)).isEqualTo(after);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void every_line_edited_slightly_round_trips_compactly() {
        Random random = new Random(13);
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        for (int i = 0; i < 4_000; i++) {
            String line = randomText(random, WORDS, 100);
            before.append(line).append('\n');
            int middle = line.offsetByCodePoints(0, 150);
            after.append(line, 0, middle).append('#').append(line, middle, line.length()).append('\n');
        }

        TextDelta delta = ContentDiff.between(before.toString(), after.toString());

        assertValidDelta(before.toString(), after.toString(), delta);
        assertThat(delta.insertedChars()).isEqualTo(4_000);
        assertThat(delta.deletedChars()).isZero();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void rewriting_every_other_long_line_finishes_and_round_trips() {
        Random random = new Random(14);
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            String kept = "kept line " + i + "\n";
            before.append(kept).append(randomText(random, PIECES, 900).replaceAll("[\r\n]", " ")).append('\n');
            after.append(kept).append(randomText(random, PIECES, 900).replaceAll("[\r\n]", " ")).append('\n');
        }

        TextDelta delta = ContentDiff.between(before.toString(), after.toString());

        assertValidDelta(before.toString(), after.toString(), delta);
    }

    @Test
    void a_delta_is_stored_by_jackson_as_plain_ops_and_read_back_equal() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        TextDelta delta = ContentDiff.between("hello world", "hello brave new world");

        String json = mapper.writeValueAsString(delta);
        TextDelta read = mapper.readValue(json, TextDelta.class);

        assertThat(json).isEqualTo("{\"ops\":[6,\"brave new \",5]}");
        assertThat(read).isEqualTo(delta);
        assertThat(mapper.copy().enable(DeserializationFeature.USE_LONG_FOR_INTS).readValue(json, TextDelta.class))
                .isEqualTo(delta);
    }

    private static void assertValidDelta(String before, String after, TextDelta delta) {
        assertThat(delta.apply(before)).as("applied to %s", quoted(before)).isEqualTo(after);
        assertNoSplitSurrogatePair(before, after, delta);
        utf8Json(delta);
    }

    private static void assertNoSplitSurrogatePair(String before, String after, TextDelta delta) {
        int inBefore = 0;
        int inAfter = 0;
        for (Object op : delta.ops()) {
            if (op instanceof String insert) {
                assertThat(Character.isLowSurrogate(insert.charAt(0)))
                        .as("insert starts with a low surrogate").isFalse();
                assertThat(Character.isHighSurrogate(insert.charAt(insert.length() - 1)))
                        .as("insert ends with a high surrogate").isFalse();
                inAfter += insert.length();
            } else {
                long length = (Long) op;
                inBefore += (int) Math.abs(length);
                if (length > 0) {
                    inAfter += (int) length;
                }
            }
            assertThat(splitsPair(before, inBefore)).as("op boundary at %d of %s", inBefore, quoted(before)).isFalse();
            assertThat(splitsPair(after, inAfter)).as("op boundary at %d of %s", inAfter, quoted(after)).isFalse();
        }
    }

    private static boolean splitsPair(String text, int index) {
        return index > 0 && index < text.length()
                && Character.isHighSurrogate(text.charAt(index - 1))
                && Character.isLowSurrogate(text.charAt(index));
    }

    private static byte[] utf8Json(TextDelta delta) {
        StringBuilder json = new StringBuilder("{\"ops\":[");
        for (Object op : delta.ops()) {
            if (json.charAt(json.length() - 1) != '[') {
                json.append(',');
            }
            json.append(op instanceof String insert ? jsonString(insert) : op.toString());
        }
        json.append("]}");
        try {
            return StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(json))
                    .array();
        } catch (CharacterCodingException e) {
            return fail("delta JSON is not valid UTF-8: " + e);
        }
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return json.append('"').toString();
    }

    private static String randomText(Random random, String[] pieces, int pieceCount) {
        StringBuilder text = new StringBuilder(pieceCount * 2);
        for (int i = 0; i < pieceCount; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static String randomLines(Random random, int lineCount) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lineCount; i++) {
            text.append(randomText(random, WORDS, random.nextInt(12)))
                    .append(random.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        return text.toString();
    }

    private static String randomLongLines(Random random, int lineCount, int lineLength) {
        StringBuilder text = new StringBuilder(lineCount * (lineLength + 1));
        for (int i = 0; i < lineCount; i++) {
            for (int j = 0; j < lineLength; j++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Inserts, deletes or replaces runs at code point boundaries, so a well-formed text stays well-formed. */
    private static String randomlyEdited(Random random, String text, String[] pieces, int edits) {
        String edited = text;
        for (int i = 0; i < edits; i++) {
            int codePoints = edited.codePointCount(0, edited.length());
            int from = random.nextInt(codePoints + 1);
            int to = Math.min(codePoints, from + random.nextInt(random.nextBoolean() ? 3 : 40));
            int start = edited.offsetByCodePoints(0, from);
            int end = edited.offsetByCodePoints(start, to - from);
            String inserted = switch (random.nextInt(3)) {
                case 0 -> "";
                case 1 -> randomText(random, pieces, 1);
                default -> randomText(random, pieces, random.nextInt(30));
            };
            int deleteEnd = random.nextInt(3) == 0 ? start : end;
            edited = edited.substring(0, start) + inserted + edited.substring(deleteEnd);
        }
        return edited;
    }

    private static String quoted(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return '"' + shown.replace("\r", "\\r").replace("\n", "\\n") + "\" (" + text.length() + " chars)";
    }
}
