package dev.sandstone.benchmark;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/** Seeded document text and the small edits people make to it: a word replaced, added or removed. */
final class TextEdits {

    private static final List<String> WORDS = List.of("the", "plan", "release", "review", "draft", "customer",
            "policy", "budget", "quarter", "team", "owner", "risk", "deadline", "scope", "meeting", "decision",
            "notes", "summary", "action", "item", "follow", "up", "with", "legal", "before", "after", "Friday",
            "Monday", "approve", "reject", "update", "section", "figure", "table", "appendix", "version", "change",
            "request", "comment", "reply", "agree", "proposal", "contract", "audit", "report", "metric", "goal");
    private static final int LINE = 80;

    private final int targetSize;

    TextEdits(int targetSize) {
        this.targetSize = targetSize;
    }

    /** Lines of about 80 characters, about {@code targetSize} in all. */
    String initial(Random random) {
        return prose(targetSize, () -> word(random));
    }

    /** Sentences of words from {@code words}, a line of about 80 characters each, about {@code size} in all. */
    static String prose(int size, Supplier<String> words) {
        StringBuilder text = new StringBuilder(size + LINE);
        int lineStart = 0;
        while (text.length() < size) {
            if (text.length() - lineStart >= LINE) {
                text.append(".\n");
                lineStart = text.length();
            } else if (text.length() > lineStart) {
                text.append(' ');
            }
            text.append(words.get());
        }
        return text.append('.').toString();
    }

    /** The text with one small change that always differs from the original, keeping the size near the target. */
    String change(String text, Random random) {
        if (text.isEmpty()) {
            return word(random);
        }
        int start = wordStart(text, random.nextInt(text.length()));
        int end = wordEnd(text, start);
        int choice = random.nextInt(4);
        if (text.length() > targetSize * 1.1 && end < text.length() && text.charAt(end) == ' ') {
            choice = 3;
        } else if (text.length() < targetSize * 0.9) {
            choice = 2;
        }
        String current = text.substring(start, end);
        return switch (choice) {
            case 0, 1 -> text.substring(0, start) + otherWord(current, random) + text.substring(end);
            case 2 -> text.substring(0, start) + word(random) + " " + text.substring(start);
            default -> end < text.length() && text.charAt(end) == ' '
                    ? text.substring(0, start) + text.substring(end + 1)
                    : text.substring(0, start) + otherWord(current, random) + text.substring(end);
        };
    }

    private static String word(Random random) {
        return WORDS.get(random.nextInt(WORDS.size()));
    }

    private static String otherWord(String current, Random random) {
        String word = word(random);
        return word.equals(current) ? word + "s" : word;
    }

    private static int wordStart(String text, int index) {
        int start = index;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        while (start < text.length() && !Character.isLetter(text.charAt(start))) {
            start++;
        }
        return start == text.length() ? 0 : start;
    }

    private static int wordEnd(String text, int start) {
        int end = start;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return end;
    }
}
