package dev.sandstone.api.document;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A change to a text in the ot.js text-operation encoding: walking the base text from the start,
 * a positive integer {@code n} retains the next n chars, a negative integer {@code -n} deletes
 * the next n chars and a String inserts itself. Lengths count Java chars (UTF-16 code units).
 * The ops must consume the whole base text; serialized as JSON this is
 * {@code {"ops":[523001,-1,"x",476998]}}. Numbers are normalised to {@link Long}.
 */
public record TextDelta(List<Object> ops) {

    public TextDelta {
        if (ops == null) {
            throw new IllegalArgumentException("ops must not be null");
        }
        List<Object> normalised = new ArrayList<>(ops.size());
        for (Object op : ops) {
            normalised.add(validOp(op, normalised.size()));
        }
        ops = Collections.unmodifiableList(normalised);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String apply(String base) {
        if (base == null) {
            throw new IllegalArgumentException("base text must not be null");
        }
        long expected = baseLength();
        if (base.length() != expected) {
            throw new IllegalArgumentException(
                    "delta expects a base text of " + expected + " chars but got " + base.length());
        }
        StringBuilder result = new StringBuilder(Math.toIntExact(targetLength()));
        int cursor = 0;
        for (Object op : ops) {
            if (op instanceof String insert) {
                result.append(insert);
            } else {
                long length = (Long) op;
                if (length > 0) {
                    result.append(base, cursor, cursor + (int) length);
                }
                cursor += (int) Math.abs(length);
            }
        }
        return result.toString();
    }

    public long baseLength() {
        long length = 0;
        for (Object op : ops) {
            if (op instanceof Long n) {
                length += Math.abs(n);
            }
        }
        return length;
    }

    public long targetLength() {
        long length = 0;
        for (Object op : ops) {
            if (op instanceof String insert) {
                length += insert.length();
            } else if ((Long) op > 0) {
                length += (Long) op;
            }
        }
        return length;
    }

    public long insertedChars() {
        long inserted = 0;
        for (Object op : ops) {
            if (op instanceof String insert) {
                inserted += insert.length();
            }
        }
        return inserted;
    }

    public long deletedChars() {
        long deleted = 0;
        for (Object op : ops) {
            if (op instanceof Long n && n < 0) {
                deleted -= n;
            }
        }
        return deleted;
    }

    /** Only retains (or no ops at all). Not named {@code isIdentity}: Jackson would write that out as a property. */
    public boolean changesNothing() {
        for (Object op : ops) {
            if (!(op instanceof Long n) || n < 0) {
                return false;
            }
        }
        return true;
    }

    private static Object validOp(Object op, int index) {
        if (op instanceof String insert) {
            if (insert.isEmpty()) {
                throw new IllegalArgumentException("op " + index + " inserts an empty string");
            }
            return insert;
        }
        if (op instanceof Number number) {
            long length = exactLong(number, index);
            if (length == 0) {
                throw new IllegalArgumentException("op " + index + " is zero, which neither retains nor deletes");
            }
            if (length > Integer.MAX_VALUE || length < -Integer.MAX_VALUE) {
                throw new IllegalArgumentException("op " + index + " is longer than any Java string: " + number);
            }
            return length;
        }
        throw new IllegalArgumentException("op " + index + " must be a String or an integer number but was "
                + (op == null ? "null" : op.getClass().getName()));
    }

    private static long exactLong(Number number, int index) {
        if (number instanceof Long || number instanceof Integer
                || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        try {
            return new BigDecimal(number.toString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("op " + index + " is not an integer: " + number, e);
        }
    }

    /** Builds a delta in canonical form: no empty ops, no adjacent ops of one kind, insert before delete. */
    public static final class Builder {

        /** Inserts stay StringBuilders until {@link #build()}, so merging many small inserts stays linear. */
        private final List<Object> ops = new ArrayList<>();

        private Builder() {
        }

        public Builder retain(long length) {
            requireNonNegative(length, "retain");
            if (length > 0) {
                if (lastOp() instanceof Long last && last > 0) {
                    ops.set(ops.size() - 1, last + length);
                } else {
                    ops.add(length);
                }
            }
            return this;
        }

        public Builder delete(long length) {
            requireNonNegative(length, "delete");
            if (length > 0) {
                if (lastOp() instanceof Long last && last < 0) {
                    ops.set(ops.size() - 1, last - length);
                } else {
                    ops.add(-length);
                }
            }
            return this;
        }

        public Builder insert(String text) {
            if (text == null) {
                throw new IllegalArgumentException("inserted text must not be null");
            }
            if (text.isEmpty()) {
                return this;
            }
            int position = ops.size();
            if (lastOp() instanceof Long last && last < 0) {
                position--;
            }
            if (position > 0 && ops.get(position - 1) instanceof StringBuilder previous) {
                previous.append(text);
            } else {
                ops.add(position, new StringBuilder(text));
            }
            return this;
        }

        public TextDelta build() {
            List<Object> built = new ArrayList<>(ops.size());
            for (Object op : ops) {
                built.add(op instanceof StringBuilder insert ? insert.toString() : op);
            }
            return new TextDelta(built);
        }

        private Object lastOp() {
            return ops.isEmpty() ? null : ops.get(ops.size() - 1);
        }

        private static void requireNonNegative(long length, String kind) {
            if (length < 0) {
                throw new IllegalArgumentException(kind + " length must not be negative: " + length);
            }
        }
    }
}
