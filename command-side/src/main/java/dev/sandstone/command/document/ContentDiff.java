package dev.sandstone.command.document;

import com.github.difflib.DiffUtils;
import com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Chunk;
import dev.sandstone.api.document.TextDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Computes a compact {@link TextDelta} between two texts in bounded time.
 *
 * <p>The common prefix and suffix are stripped first, so a local edit costs O(n) whatever the size of
 * the document. The changed middle is diffed by code point when it is small, by line (refining the
 * changed blocks by code point) when it has few lines, and is otherwise replaced wholesale. Op
 * boundaries always fall between code points, so no insert carries a lone surrogate.
 */
public final class ContentDiff {

    /** Myers is O((n+m)·D): at most 2,000 chars a side keeps one char-level diff to a few ms. */
    static final int CHAR_DIFF_MAX_CHARS = 2_000;

    /** At most 5,000 lines a side keeps the worst line-level diff (nothing in common) to ~150 ms. */
    static final int LINE_DIFF_MAX_LINES = 5_000;

    /** Unchanged runs of up to 3 code points between two changes are re-inserted: fewer ops, smaller JSON. */
    static final int MAX_MERGED_GAP = 3;

    /** Cap on the sum of (n+m)² over char-level diffs in one call, so many edited lines stay ~100 ms. */
    static final long CHAR_DIFF_BUDGET = 32_000_000L;

    private final TextDelta.Builder delta = TextDelta.builder();
    private long charDiffBudget = CHAR_DIFF_BUDGET;

    private ContentDiff() {
    }

    public static TextDelta between(String before, String after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        ContentDiff diff = new ContentDiff();
        diff.diff(before, after, true);
        return diff.delta.build();
    }

    private void diff(String before, String after, boolean byLineAllowed) {
        int prefix = commonPrefix(before, after);
        int suffix = commonSuffix(before, after, prefix);
        delta.retain(prefix);
        diffMiddle(before.substring(prefix, before.length() - suffix),
                after.substring(prefix, after.length() - suffix), byLineAllowed);
        delta.retain(suffix);
    }

    private void diffMiddle(String removed, String added, boolean byLineAllowed) {
        if (removed.isEmpty() || added.isEmpty()) {
            replace(removed, added);
        } else if (fitsCharDiff(removed, added)) {
            charDiffBudget -= charDiffCost(removed, added);
            diffByCodePoint(removed, added);
        } else if (byLineAllowed && lineCount(removed) <= LINE_DIFF_MAX_LINES
                && lineCount(added) <= LINE_DIFF_MAX_LINES) {
            diffByLine(removed, added);
        } else {
            replace(removed, added);
        }
    }

    private boolean fitsCharDiff(String removed, String added) {
        return removed.length() <= CHAR_DIFF_MAX_CHARS
                && added.length() <= CHAR_DIFF_MAX_CHARS
                && charDiffCost(removed, added) <= charDiffBudget;
    }

    private static long charDiffCost(String removed, String added) {
        long size = (long) removed.length() + added.length();
        return size * size;
    }

    private void diffByCodePoint(String removed, String added) {
        Tokens from = Tokens.codePoints(removed);
        Tokens to = Tokens.codePoints(added);
        diffTokens(from, to, MAX_MERGED_GAP, hunk -> replace(from.text(hunk.fromStart(), hunk.fromEnd()),
                to.text(hunk.toStart(), hunk.toEnd())));
    }

    private void diffByLine(String removed, String added) {
        Map<String, Integer> lineIds = new HashMap<>();
        Tokens from = Tokens.lines(removed, lineIds);
        Tokens to = Tokens.lines(added, lineIds);
        diffTokens(from, to, 0, hunk -> refineLines(from, to, hunk));
    }

    /** Changed lines pair up one to one when their counts match (an edit within each line), else form one block. */
    private void refineLines(Tokens from, Tokens to, Hunk hunk) {
        int lines = hunk.fromEnd() - hunk.fromStart();
        if (lines == hunk.toEnd() - hunk.toStart()) {
            for (int i = 0; i < lines; i++) {
                diff(from.text(hunk.fromStart() + i, hunk.fromStart() + i + 1),
                        to.text(hunk.toStart() + i, hunk.toStart() + i + 1), false);
            }
        } else {
            diff(from.text(hunk.fromStart(), hunk.fromEnd()), to.text(hunk.toStart(), hunk.toEnd()), false);
        }
    }

    private void diffTokens(Tokens from, Tokens to, int maxMergedGap, Consumer<Hunk> changeHunk) {
        int retainedUpTo = 0;
        for (Hunk hunk : changedHunks(from.ids(), to.ids(), maxMergedGap)) {
            delta.retain(from.start(hunk.fromStart()) - retainedUpTo);
            changeHunk.accept(hunk);
            retainedUpTo = from.start(hunk.fromEnd());
        }
        delta.retain(from.text().length() - retainedUpTo);
    }

    /**
     * The changed token ranges in order. Hunks at most {@code maxMergedGap} unchanged tokens apart are merged,
     * which also joins the separate delete and insert the linear-space Myers reports for one spot.
     */
    private static List<Hunk> changedHunks(List<Integer> from, List<Integer> to, int maxMergedGap) {
        List<Hunk> hunks = new ArrayList<>();
        for (AbstractDelta<Integer> change
                : DiffUtils.diff(from, to, new MyersDiffWithLinearSpace<Integer>(), null, false).getDeltas()) {
            Chunk<Integer> source = change.getSource();
            Chunk<Integer> target = change.getTarget();
            Hunk hunk = new Hunk(source.getPosition(), source.getPosition() + source.size(),
                    target.getPosition(), target.getPosition() + target.size());
            Hunk previous = hunks.isEmpty() ? null : hunks.get(hunks.size() - 1);
            if (previous != null && hunk.fromStart() - previous.fromEnd() <= maxMergedGap) {
                hunks.set(hunks.size() - 1,
                        new Hunk(previous.fromStart(), hunk.fromEnd(), previous.toStart(), hunk.toEnd()));
            } else {
                hunks.add(hunk);
            }
        }
        return hunks;
    }

    private void replace(String removed, String added) {
        delta.insert(added).delete(removed.length());
    }

    private static int commonPrefix(String a, String b) {
        int max = Math.min(a.length(), b.length());
        int length = 0;
        while (length < max && a.charAt(length) == b.charAt(length)) {
            length++;
        }
        if (length > 0 && Character.isHighSurrogate(a.charAt(length - 1))) {
            length--;
        }
        return length;
    }

    private static int commonSuffix(String a, String b, int prefix) {
        int max = Math.min(a.length(), b.length()) - prefix;
        int length = 0;
        while (length < max && a.charAt(a.length() - 1 - length) == b.charAt(b.length() - 1 - length)) {
            length++;
        }
        if (length > 0 && Character.isLowSurrogate(a.charAt(a.length() - length))) {
            length--;
        }
        return length;
    }

    private static int lineCount(String text) {
        int lines = 0;
        int lineStart = 0;
        while (lineStart < text.length()) {
            lineStart = lineEnd(text, lineStart);
            lines++;
        }
        return lines;
    }

    /** The index just past the line starting at {@code start}, its {@code \n}, {@code \r\n} or {@code \r} included. */
    private static int lineEnd(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '\n') {
                return i;
            }
            if (c == '\r') {
                return i < text.length() && text.charAt(i) == '\n' ? i + 1 : i;
            }
        }
        return i;
    }

    /** A text cut into tokens (code points or lines), each with an id that is equal for equal tokens. */
    private record Tokens(String text, List<Integer> ids, int[] starts) {

        static Tokens codePoints(String text) {
            List<Integer> ids = new ArrayList<>(text.length());
            int[] starts = new int[text.length() + 1];
            int offset = 0;
            while (offset < text.length()) {
                int codePoint = text.codePointAt(offset);
                starts[ids.size()] = offset;
                ids.add(codePoint);
                offset += Character.charCount(codePoint);
            }
            starts[ids.size()] = offset;
            return new Tokens(text, ids, starts);
        }

        static Tokens lines(String text, Map<String, Integer> lineIds) {
            List<Integer> ids = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            int start = 0;
            while (start < text.length()) {
                int end = lineEnd(text, start);
                starts.add(start);
                ids.add(lineIds.computeIfAbsent(text.substring(start, end), line -> lineIds.size()));
                start = end;
            }
            starts.add(start);
            return new Tokens(text, ids, starts.stream().mapToInt(Integer::intValue).toArray());
        }

        int start(int token) {
            return starts[token];
        }

        String text(int fromToken, int toToken) {
            return text.substring(starts[fromToken], starts[toToken]);
        }
    }

    /** Tokens [fromStart, fromEnd) of the old text became tokens [toStart, toEnd) of the new one. */
    private record Hunk(int fromStart, int fromEnd, int toStart, int toEnd) {
    }
}
