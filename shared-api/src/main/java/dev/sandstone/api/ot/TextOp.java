package dev.sandstone.api.ot;

import dev.sandstone.api.document.TextDelta;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An operation of the {@code text-unicode} OT type (npm {@code ot-text-unicode} 4.x, the text type of ShareDB),
 * ported so that every result is the JSON the reference would produce.
 *
 * <p>An operation walks the document from its start; its components are a skip ({@code 5}: keep the next five
 * characters), an insert ({@code "hi"}) and a delete of a count ({@code {"d": 3}}) or of a known text
 * ({@code {"d": "abc"}}, which also makes the operation invertible). The characters after the last component are
 * kept, so an operation never ends with a skip. Positions and lengths count Unicode code points: an emoji outside
 * the Basic Multilingual Plane is one position although it is two Java chars.
 *
 * <p>Instances are immutable and always pass the reference's {@code checkOp}: no empty or zero component, no two
 * adjacent skips, no trailing skip. Adjacent inserts or deletes are allowed and kept as given, since the
 * reference keeps them too (and {@link #transform} treats {@code ["a","b"]} differently from {@code ["ab"]});
 * {@link #normalized()} merges them. Results of {@link #compose} and {@link #transform} are always normalised.
 *
 * <p>Where the reference silently accepts nonsense, this port refuses it with an {@link InvalidOperationException}:
 * component types the reference ignores ({@code true}, {@code null}), fractional numbers, unknown keys beside
 * {@code "d"}, strings with an unpaired surrogate, and, in {@link #apply}, a delete past the end of the document or
 * a {@code {"d": "text"}} that does not match the document.
 */
public final class TextOp {

    /** Which operation wins a tie when both insert at the same place: the left one's insert goes first. */
    public enum Side { LEFT, RIGHT }

    /** A selection as ShareDB presence sends it: {@code index} and {@code length} in code points. */
    public record Range(int index, int length) {
    }

    private static final String COMPONENT_SHAPES =
            "a component is a skip (positive integer), an insert (non-empty string) or a delete"
                    + " ({\"d\": count} or {\"d\": \"text\"})";

    private static final TextOp NOOP = new TextOp(List.of());

    private final List<Component> components;

    private TextOp(List<Component> components) {
        this.components = components;
    }

    /** The operation that changes nothing: {@code []}. */
    public static TextOp noop() {
        return NOOP;
    }

    /** {@code [pos, "text"]}, like the reference's {@code insert(pos, text)}. */
    public static TextOp insert(int position, String text) {
        Objects.requireNonNull(text, "text");
        return position == 0 ? fromJson(text.isEmpty() ? List.of() : List.of(text))
                : fromJson(text.isEmpty() ? List.of() : List.of(position, text));
    }

    /** {@code [pos, {"d": count}]}, like the reference's {@code remove(pos, count)}. */
    public static TextOp remove(int position, int count) {
        if (count == 0) {
            return NOOP;
        }
        return position == 0 ? fromJson(List.of(Map.of("d", count))) : fromJson(List.of(position, Map.of("d", count)));
    }

    /**
     * Reads an operation as Jackson decodes JSON: a {@link List} of numbers (skips), strings (inserts) and maps with
     * the single key {@code "d"} (deletes). It must pass the reference's {@code checkOp}, as ShareDB clients always
     * send normalised operations; use {@link #normalize(Object)} to accept an unnormalised one.
     *
     * @throws InvalidOperationException naming the first component at fault
     */
    public static TextOp fromJson(Object json) {
        List<?> list = asList(json);
        List<Component> parsed = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Component component = parse(list.get(i), i, false);
            if (component instanceof Skip && i > 0 && parsed.get(i - 1) instanceof Skip) {
                throw new InvalidOperationException("components " + (i - 1) + " and " + i
                        + " are adjacent skips, which must be combined into one");
            }
            parsed.add(component);
        }
        if (!parsed.isEmpty() && parsed.get(parsed.size() - 1) instanceof Skip) {
            throw new InvalidOperationException("the op ends with a skip (component " + (parsed.size() - 1)
                    + "), which must be left out: the rest of the document is kept anyway");
        }
        return parsed.isEmpty() ? NOOP : new TextOp(List.copyOf(parsed));
    }

    /**
     * Reads and normalises an operation like the reference's {@code normalize}: zero skips, empty inserts and
     * {@code {"d": 0}} / {@code {"d": ""}} are dropped, neighbours of one kind are merged (two text deletes into
     * one text delete, a text and a count delete into a count), and a trailing skip is dropped. Components of the
     * wrong type, negative numbers and fractions are still refused.
     *
     * @throws InvalidOperationException naming the first component at fault
     */
    public static TextOp normalize(Object json) {
        List<?> list = asList(json);
        Builder builder = new Builder();
        for (int i = 0; i < list.size(); i++) {
            builder.append(parse(list.get(i), i, true));
        }
        return builder.build();
    }

    /** This operation with neighbours of one kind merged, like the reference's {@code normalize}. */
    public TextOp normalized() {
        Builder builder = new Builder();
        components.forEach(builder::append);
        return builder.build();
    }

    /** The operation as JSON values: {@link Integer} skips, {@link String} inserts, {@code Map.of("d", Integer|String)}. */
    public List<Object> toJson() {
        List<Object> json = new ArrayList<>(components.size());
        for (Component component : components) {
            json.add(component.toJson());
        }
        return Collections.unmodifiableList(json);
    }

    /** True for {@code []} only, like the reference's {@code isNoop}. */
    public boolean isNoop() {
        return components.isEmpty();
    }

    public int insertedCodePoints() {
        long inserted = 0;
        for (Component component : components) {
            if (component instanceof Insert insert) {
                inserted += insert.length();
            }
        }
        return Math.toIntExact(inserted);
    }

    public int deletedCodePoints() {
        long deleted = 0;
        for (Component component : components) {
            if (component instanceof Delete delete) {
                deleted += delete.length();
            }
        }
        return Math.toIntExact(deleted);
    }

    /**
     * The document after this operation.
     *
     * @throws InvalidOperationException if a skip or delete runs past the end of the document or a text delete
     *                                   does not match it
     */
    public String apply(String document) {
        Objects.requireNonNull(document, "document");
        StringBuilder result = new StringBuilder(document.length() + insertedChars());
        walk(document, new DocumentSink() {
            @Override
            public void keep(int from, int to) {
                result.append(document, from, to);
            }

            @Override
            public void insert(String text) {
                result.append(text);
            }

            @Override
            public void remove(int from, int to) {
            }
        });
        return result.toString();
    }

    /**
     * This operation, then {@code other} (which applies to this one's result), as one operation: the reference's
     * {@code compose(this, other)}.
     */
    public TextOp compose(TextOp other) {
        Objects.requireNonNull(other, "other");
        Builder result = new Builder();
        Taker taker = new Taker(components);
        for (Component component : other.components) {
            if (component instanceof Skip skip) {
                int length = skip.length();
                while (length > 0) {
                    Component chunk = taker.take(length, Indivisible.DELETES);
                    result.append(chunk);
                    if (!(chunk instanceof Delete)) {
                        length -= chunk.length();
                    }
                }
            } else if (component instanceof Insert) {
                result.append(component);
            } else {
                Delete delete = (Delete) component;
                int length = delete.length();
                int offset = 0;
                while (offset < length) {
                    Component chunk = taker.take(length - offset, Indivisible.DELETES);
                    if (chunk instanceof Skip skipped) {
                        result.append(delete.slice(offset, offset + skipped.length()));
                        offset += skipped.length();
                    } else if (chunk instanceof Insert inserted) {
                        offset += inserted.length();
                    } else {
                        result.append(chunk);
                    }
                }
            }
        }
        appendRest(taker, result);
        return result.build();
    }

    /**
     * This operation rewritten to apply after {@code other}, where both were made against the same document: the
     * reference's {@code transform(this, other, side)}. With {@code transform(a, b, LEFT)} and
     * {@code transform(b, a, RIGHT)} both orders converge (TP1).
     */
    public TextOp transform(TextOp other, Side side) {
        Objects.requireNonNull(other, "other");
        Objects.requireNonNull(side, "side");
        Builder result = new Builder();
        Taker taker = new Taker(components);
        for (Component theirs : other.components) {
            if (theirs instanceof Skip skip) {
                int length = skip.length();
                while (length > 0) {
                    Component mine = taker.take(length, Indivisible.INSERTS);
                    result.append(mine);
                    if (!(mine instanceof Insert)) {
                        length -= mine.length();
                    }
                }
            } else if (theirs instanceof Insert insert) {
                if (side == Side.LEFT && taker.peek() instanceof Insert) {
                    result.append(taker.take(Taker.ALL, Indivisible.INSERTS));
                }
                result.append(new Skip(insert.length()));
            } else {
                int length = theirs.length();
                while (length > 0) {
                    Component mine = taker.take(length, Indivisible.INSERTS);
                    if (mine instanceof Insert) {
                        result.append(mine);
                    } else {
                        // A skip over text they deleted, or a delete of text they already deleted: nothing is left.
                        length -= mine.length();
                    }
                }
            }
        }
        appendRest(taker, result);
        return result.build();
    }

    /**
     * A cursor (in code points) moved through this operation, like the reference's {@code transformPosition}: an
     * insert before the cursor pushes it right, an insert exactly at the cursor does not, a delete around it pulls
     * it to the delete's start.
     */
    public int transformPosition(int cursor) {
        long position = 0;
        long moved = cursor;
        for (int i = 0; i < components.size() && moved > position; i++) {
            Component component = components.get(i);
            if (component instanceof Skip skip) {
                position += skip.length();
            } else if (component instanceof Insert insert) {
                position += insert.length();
                moved += insert.length();
            } else {
                moved -= Math.min(component.length(), moved - position);
            }
        }
        return Math.toIntExact(moved);
    }

    /**
     * A ShareDB presence selection moved through {@code op}: both ends go through {@link #transformPosition}, so a
     * selection around a deleted stretch shrinks and an insert inside a selection widens it. The reference type has
     * no presence transform of its own; this is the one ShareDB's text examples build from {@code transformPosition}.
     */
    public static Range transformRange(int index, int length, TextOp op) {
        int start = op.transformPosition(index);
        int end = op.transformPosition(index + length);
        return new Range(start, end - start);
    }

    /** True when no delete is a bare count, so {@link #invert()} can undo the operation. */
    public boolean isInvertible() {
        for (Component component : components) {
            if (component instanceof Delete delete && delete.text() == null) {
                return false;
            }
        }
        return true;
    }

    /** The same operation with every count delete replaced by the text it deletes from {@code document}. */
    public TextOp makeInvertible(String document) {
        Objects.requireNonNull(document, "document");
        Builder result = new Builder();
        int at = 0;
        for (int i = 0; i < components.size(); i++) {
            Component component = components.get(i);
            if (component instanceof Insert) {
                result.append(component);
                continue;
            }
            int end = endOf(document, at, component, i);
            if (component instanceof Delete delete && delete.text() == null) {
                String deleted = document.substring(at, end);
                int unpaired = Utf16.unpairedSurrogate(deleted);
                if (unpaired >= 0) {
                    throw new InvalidOperationException("delete at component " + i
                            + " would delete an unpaired surrogate of the document at char " + (at + unpaired));
                }
                result.append(new Delete(delete.length(), deleted));
            } else {
                result.append(component);
            }
            at = end;
        }
        return result.build();
    }

    /** The same operation with every text delete replaced by its count, like the reference's {@code stripInvertible}. */
    public TextOp stripInvertible() {
        Builder result = new Builder();
        for (Component component : components) {
            result.append(component instanceof Delete delete ? new Delete(delete.length(), null) : component);
        }
        return result.build();
    }

    /**
     * The operation that undoes this one: inserts become text deletes and text deletes inserts.
     *
     * @throws InvalidOperationException if a delete is a bare count (see {@link #makeInvertible})
     */
    public TextOp invert() {
        Builder result = new Builder();
        for (int i = 0; i < components.size(); i++) {
            Component component = components.get(i);
            if (component instanceof Insert insert) {
                result.append(new Delete(insert.length(), insert.text()));
            } else if (component instanceof Delete delete) {
                if (delete.text() == null) {
                    throw new InvalidOperationException("delete at component " + i + " is a bare count, so the op"
                            + " cannot be inverted: make it invertible with the document first");
                }
                result.append(new Insert(delete.text(), delete.length()));
            } else {
                result.append(component);
            }
        }
        return result.build();
    }

    /**
     * The same change as a stored {@link TextDelta} over {@code base}, counting UTF-16 chars and consuming the whole
     * base. Where a delete and an insert meet, the delta puts the insert first (its canonical form).
     *
     * @throws InvalidOperationException if this operation does not fit {@code base} (as in {@link #apply})
     */
    public TextDelta toDelta(String base) {
        Objects.requireNonNull(base, "base");
        TextDelta.Builder delta = TextDelta.builder();
        walk(base, new DocumentSink() {
            @Override
            public void keep(int from, int to) {
                delta.retain(to - from);
            }

            @Override
            public void insert(String text) {
                delta.insert(text);
            }

            @Override
            public void remove(int from, int to) {
                delta.delete(to - from);
            }
        });
        return delta.build();
    }

    /**
     * The operation for a stored {@link TextDelta} over {@code base}: retains become skips and deletes become count
     * deletes ({@code {"d": n}}, so deleted text does not travel in broadcast operations), normalised.
     *
     * @throws InvalidOperationException if the delta is not over a text of {@code base}'s length, cuts a
     *                                   surrogate pair of the base in two, or inserts an unpaired surrogate
     */
    public static TextOp fromDelta(TextDelta delta, String base) {
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(base, "base");
        if (delta.baseLength() != base.length()) {
            throw new InvalidOperationException("the delta is over a text of " + delta.baseLength()
                    + " chars but the base text has " + base.length());
        }
        Builder result = new Builder();
        int at = 0;
        List<Object> ops = delta.ops();
        for (int i = 0; i < ops.size(); i++) {
            Object op = ops.get(i);
            if (op instanceof String text) {
                result.append(insertOf(text, "insert at delta op " + i));
                continue;
            }
            long length = (Long) op;
            int units = (int) Math.abs(length);
            int codePoints = Utf16.codePointsBetween(base, at, at + units);
            if (codePoints < 0) {
                throw new InvalidOperationException("delta op " + i + " ends inside a surrogate pair, at char "
                        + (at + units) + " of the base text");
            }
            result.append(length > 0 ? new Skip(codePoints) : new Delete(codePoints, null));
            at += units;
        }
        return result.build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TextOp op && components.equals(op.components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }

    /** The operation as JSON text, e.g. {@code [2,"hi",{"d":3}]}. */
    @Override
    public String toString() {
        StringBuilder json = new StringBuilder("[");
        for (Component component : components) {
            if (json.length() > 1) {
                json.append(',');
            }
            if (component instanceof Skip skip) {
                json.append(skip.length());
            } else if (component instanceof Insert insert) {
                quote(insert.text(), json);
            } else {
                Delete delete = (Delete) component;
                json.append("{\"d\":");
                if (delete.text() == null) {
                    json.append(delete.length());
                } else {
                    quote(delete.text(), json);
                }
                json.append('}');
            }
        }
        return json.append(']').toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Components

    private sealed interface Component permits Skip, Insert, Delete {

        /** The reference's {@code componentLength}: code points skipped, inserted or deleted. */
        int length();

        Object toJson();
    }

    private record Skip(int length) implements Component {
        @Override
        public Object toJson() {
            return length;
        }
    }

    /** {@code length} is the insert's code points, cached: the text is well-formed, checked on the way in. */
    private record Insert(String text, int length) implements Component {
        @Override
        public Object toJson() {
            return text;
        }
    }

    /** A delete of {@code length} code points; {@code text} is what it deletes, or null for a bare count. */
    private record Delete(int length, String text) implements Component {
        @Override
        public Object toJson() {
            return Map.of("d", text == null ? (Object) length : text);
        }

        /** The reference's {@code dslice}, in code points. */
        Delete slice(int from, int to) {
            if (text == null) {
                return new Delete(Math.min(length, to) - from, null);
            }
            int start = text.offsetByCodePoints(0, from);
            int end = text.offsetByCodePoints(start, Math.min(length, to) - from);
            return new Delete(Math.min(length, to) - from, text.substring(start, end));
        }
    }

    private static Insert insertOf(String text, String what) {
        int unpaired = Utf16.unpairedSurrogate(text);
        if (unpaired >= 0) {
            throw new InvalidOperationException(what + " has an unpaired surrogate at char " + unpaired);
        }
        return new Insert(text, text.codePointCount(0, text.length()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading JSON

    private static List<?> asList(Object json) {
        if (json instanceof List<?> list) {
            return list;
        }
        throw new InvalidOperationException("an op must be a JSON array of components but was " + describe(json));
    }

    /** One component; when {@code lenient}, null for one that changes nothing (0, "", {d:0}, {d:""}). */
    private static Component parse(Object json, int index, boolean lenient) {
        if (json instanceof Number number) {
            long skip = integral(number, "skip at component " + index);
            if (skip == 0 && lenient) {
                return null;
            }
            if (skip <= 0) {
                throw new InvalidOperationException("skip at component " + index + " must be > 0 but was " + number);
            }
            return new Skip(fitting(skip, number, "skip at component " + index));
        }
        if (json instanceof String text) {
            if (text.isEmpty()) {
                if (lenient) {
                    return null;
                }
                throw new InvalidOperationException("insert at component " + index + " is empty");
            }
            return insertOf(text, "insert at component " + index);
        }
        if (json instanceof Map<?, ?> map) {
            return parseDelete(map, index, lenient);
        }
        throw new InvalidOperationException("component " + index + " is " + describe(json) + "; " + COMPONENT_SHAPES);
    }

    private static Component parseDelete(Map<?, ?> map, int index, boolean lenient) {
        String what = "delete at component " + index;
        if (!map.containsKey("d")) {
            throw new InvalidOperationException("component " + index + " is an object without \"d\"; "
                    + COMPONENT_SHAPES);
        }
        if (map.size() != 1) {
            List<String> others = new ArrayList<>();
            map.keySet().stream().filter(key -> !"d".equals(key)).forEach(key -> others.add(String.valueOf(key)));
            throw new InvalidOperationException(what + " has keys other than \"d\": " + others);
        }
        Object deleted = map.get("d");
        if (deleted instanceof Number number) {
            long count = integral(number, what);
            if (count == 0 && lenient) {
                return null;
            }
            if (count <= 0) {
                throw new InvalidOperationException(what + " must delete > 0 characters but \"d\" was " + number);
            }
            return new Delete(fitting(count, number, what), null);
        }
        if (deleted instanceof String text) {
            if (text.isEmpty()) {
                if (lenient) {
                    return null;
                }
                throw new InvalidOperationException(what + " is empty");
            }
            Insert checked = insertOf(text, what);
            return new Delete(checked.length(), text);
        }
        throw new InvalidOperationException(what + " must have a count or a text as \"d\" but \"d\" is "
                + describe(deleted));
    }

    private static long integral(Number number, String what) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        try {
            BigInteger value = (number instanceof BigInteger big ? new BigDecimal(big)
                    : new BigDecimal(number.toString())).toBigIntegerExact();
            return value.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new InvalidOperationException(what + " must be a whole number but was " + number);
        }
    }

    private static int fitting(long length, Number number, String what) {
        if (length > Integer.MAX_VALUE) {
            throw new InvalidOperationException(what + " is longer than any Java string: " + number);
        }
        return (int) length;
    }

    private static String describe(Object json) {
        if (json == null) {
            return "null";
        }
        if (json instanceof Boolean) {
            return "a boolean (" + json + ")";
        }
        if (json instanceof Number) {
            return "a number (" + json + ")";
        }
        if (json instanceof String) {
            return "a string";
        }
        if (json instanceof List) {
            return "an array";
        }
        if (json instanceof Map) {
            return "an object";
        }
        return "a " + json.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Walking a document

    private interface DocumentSink {
        void keep(int from, int to);

        void insert(String text);

        void remove(int from, int to);
    }

    private void walk(String document, DocumentSink sink) {
        int at = 0;
        for (int i = 0; i < components.size(); i++) {
            Component component = components.get(i);
            if (component instanceof Insert insert) {
                sink.insert(insert.text());
                continue;
            }
            int end = endOf(document, at, component, i);
            if (component instanceof Skip) {
                sink.keep(at, end);
            } else {
                sink.remove(at, end);
            }
            at = end;
        }
        sink.keep(at, document.length());
    }

    /** Where a skip or delete starting at char {@code at} ends, checked against the document. */
    private static int endOf(String document, int at, Component component, int index) {
        int end = Utf16.advance(document, at, component.length());
        String what = (component instanceof Skip ? "skip of " : "delete of ") + component.length()
                + " at component " + index;
        if (end > document.length()) {
            throw new InvalidOperationException(what + " goes past the end of the document, which has "
                    + Utf16.codePoints(document) + " characters");
        }
        if (component instanceof Delete delete && delete.text() != null
                && (end - at != delete.text().length() || !document.startsWith(delete.text(), at))) {
            throw new InvalidOperationException("delete at component " + index + " expects "
                    + excerpt(delete.text()) + " at character " + Utf16.codePointsBetween(document, 0, at)
                    + " but the document has " + excerpt(document.substring(at, end)));
        }
        return end;
    }

    private int insertedChars() {
        int chars = 0;
        for (Component component : components) {
            if (component instanceof Insert insert) {
                chars += insert.text().length();
            }
        }
        return chars;
    }

    private static String excerpt(String text) {
        int limit = 40;
        if (text.codePointCount(0, text.length()) <= limit) {
            StringBuilder quoted = new StringBuilder();
            quote(text, quoted);
            return quoted.toString();
        }
        StringBuilder quoted = new StringBuilder();
        quote(text.substring(0, text.offsetByCodePoints(0, limit)), quoted);
        return quoted.append("...").toString();
    }

    private static void quote(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    // ---------------------------------------------------------------------------------------------------------
    // The reference's makeAppend / makeTake / trim

    private static void appendRest(Taker taker, Builder result) {
        Component rest;
        while ((rest = taker.take(Taker.ALL, Indivisible.NONE)) != null) {
            result.append(rest);
        }
    }

    /** The reference's {@code makeAppend} plus {@code trim}: merges neighbours of one kind, drops empty ones. */
    private static final class Builder {

        private final List<Component> done = new ArrayList<>();
        // The last component stays open so that neighbours of its kind merge into it in linear time.
        private Component open;
        private StringBuilder openText;
        private long openLength;

        void append(Component component) {
            if (component == null || component.length() == 0) {
                return;
            }
            if (open != null && open.getClass() == component.getClass()) {
                openLength += component.length();
                if (component instanceof Skip) {
                    return;
                }
                String text = component instanceof Insert insert ? insert.text() : ((Delete) component).text();
                if (openText != null && text != null) {
                    openText.append(text);
                } else {
                    openText = null; // a count delete merged with anything: the text is no longer known
                }
                return;
            }
            close();
            open = component;
            openLength = component.length();
            String text = component instanceof Insert insert ? insert.text()
                    : component instanceof Delete delete ? delete.text() : null;
            openText = text == null ? null : new StringBuilder(text);
        }

        TextOp build() {
            if (!(open instanceof Skip)) {
                close(); // a trailing skip is dropped
            }
            open = null;
            return done.isEmpty() ? NOOP : new TextOp(List.copyOf(done));
        }

        private void close() {
            if (open == null) {
                return;
            }
            if (openLength > Integer.MAX_VALUE) {
                throw new InvalidOperationException("the op would be longer than any Java string: a component of "
                        + openLength + " characters");
            }
            int length = (int) openLength;
            if (open instanceof Skip) {
                done.add(new Skip(length));
            } else if (open instanceof Insert) {
                done.add(new Insert(openText.toString(), length));
            } else {
                done.add(new Delete(length, openText == null ? null : openText.toString()));
            }
            open = null;
        }
    }

    private enum Indivisible { INSERTS, DELETES, NONE }

    /** The reference's {@code makeTake}: takes an operation apart from its front, up to a length at a time. */
    private static final class Taker {

        static final int ALL = -1;

        private final List<Component> op;
        private int index;
        // How far into op[index] the taker is: code points for skips and deletes; for inserts, chars and code points.
        private int offset;
        private int insertCharOffset;

        Taker(List<Component> op) {
            this.op = op;
        }

        Component peek() {
            return index < op.size() ? op.get(index) : null;
        }

        /**
         * Up to {@code n} code points from the front ({@link #ALL}: the rest of the next component, or null at the
         * end). Past the end the operation skips forever. An indivisible kind is returned whole however long.
         */
        Component take(int n, Indivisible indivisible) {
            if (index == op.size()) {
                return n == ALL ? null : new Skip(n);
            }
            Component component = op.get(index);
            int rest = component.length() - offset;
            if (component instanceof Skip) {
                if (n == ALL || rest <= n) {
                    next();
                    return new Skip(rest);
                }
                offset += n;
                return new Skip(n);
            }
            if (component instanceof Insert insert) {
                if (n == ALL || indivisible == Indivisible.INSERTS || rest <= n) {
                    Insert part = insertCharOffset == 0 ? insert
                            : new Insert(insert.text().substring(insertCharOffset), rest);
                    next();
                    return part;
                }
                int end = insert.text().offsetByCodePoints(insertCharOffset, n);
                Insert part = new Insert(insert.text().substring(insertCharOffset, end), n);
                insertCharOffset = end;
                offset += n;
                return part;
            }
            Delete delete = (Delete) component;
            if (n == ALL || indivisible == Indivisible.DELETES || rest <= n) {
                Delete part = offset == 0 ? delete : delete.slice(offset, delete.length());
                next();
                return part;
            }
            Delete part = delete.slice(offset, offset + n);
            offset += n;
            return part;
        }

        private void next() {
            index++;
            offset = 0;
            insertCharOffset = 0;
        }
    }
}
