package dev.sandstone.command.document;

import static dev.sandstone.api.error.DomainException.invalid;

import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.api.document.StoredContent;
import dev.sandstone.api.error.DomainException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Field rules of a document: title, tags, content size. Pure; injected into the aggregate's handlers. */
public final class DocumentRules {

    static final int MAX_TITLE_LENGTH = 200;
    static final int MAX_TAGS = 20;
    static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,49}");
    private static final Pattern USER_ID = Pattern.compile("[^\\p{Cntrl}]{1,255}");

    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    private final long maxContentBytes;
    private final long inlineMaxBytes;

    /**
     * @param maxContentBytes largest content, inline or stored
     * @param inlineMaxBytes  largest content a command or event may carry inline; larger content is stored first
     */
    public DocumentRules(long maxContentBytes, long inlineMaxBytes) {
        this.maxContentBytes = maxContentBytes;
        this.inlineMaxBytes = inlineMaxBytes;
    }

    /** Rules where every content may travel inline (tests of inline behaviour). */
    public DocumentRules(long maxContentBytes) {
        this(maxContentBytes, maxContentBytes);
    }

    /** The title trimmed; 1-200 characters, no control characters. */
    String title(String title) {
        if (title == null) {
            throw invalid("title", "title is required");
        }
        String trimmed = title.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length < 1 || length > MAX_TITLE_LENGTH) {
            throw invalid("title", "title must be 1-" + MAX_TITLE_LENGTH + " characters after trimming; got " + length);
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw invalid("title", "title must not contain control characters such as line breaks");
        }
        requireWellFormed("title", trimmed);
        return trimmed;
    }

    /** The tags without duplicates, in the given order; null means none. */
    List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw invalid("tags[" + i + "]", "tag '" + tag + "' must match " + TAG.pattern()
                        + " (lower-case letters, digits and '-', at most 50 characters)");
            }
            unique.add(tag);
        }
        if (unique.size() > MAX_TAGS) {
            throw invalid("tags", "at most " + MAX_TAGS + " tags are allowed; got " + unique.size());
        }
        return List.copyOf(new ArrayList<>(unique));
    }

    void content(String content) {
        if (content == null) {
            throw invalid("content", "content is required (it may be empty)");
        }
        if (content.indexOf('\u0000') >= 0) {
            throw invalid("content", "content must not contain the NUL character (U+0000)");
        }
        long bytes = utf8Length(content);
        if (bytes > maxContentBytes) {
            throw DomainException.tooLarge("content", "content is " + bytes + " bytes; the limit is "
                    + maxContentBytes + " bytes");
        }
        if (bytes > inlineMaxBytes) {
            throw invalid("content", "content of " + bytes + " bytes is over the inline limit of " + inlineMaxBytes
                    + " bytes; it must be stored in the blob store first");
        }
        requireWellFormed("content", content);
    }

    /** Content in the blob store: within the size limit, with chunks that add up to it. */
    void stored(StoredContent content) {
        if (content.size() > maxContentBytes) {
            throw DomainException.tooLarge("content", "content is " + content.size() + " bytes; the limit is "
                    + maxContentBytes + " bytes");
        }
        long sum = 0;
        for (ChunkRef chunk : content.chunks()) {
            if (chunk.sha256() == null || !SHA256.matcher(chunk.sha256()).matches() || chunk.size() < 0) {
                throw invalid("content", "every chunk needs a SHA-256 in lowercase hex and a size");
            }
            sum += chunk.size();
        }
        if (content.chunks().isEmpty() || sum != content.size() || content.sha256() == null
                || !SHA256.matcher(content.sha256()).matches()) {
            throw invalid("content", "stored content needs chunks that add up to its size and a SHA-256");
        }
    }

    /** Refuses lone surrogates: text that is not well-formed Unicode cannot be stored as UTF-8 unchanged. */
    static void requireWellFormed(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid(field, field + " must be well-formed Unicode; found a lone surrogate at index " + i);
            }
        }
    }

    void userId(String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw invalid("userId", "userId must be 1-255 characters without control characters");
        }
        requireWellFormed("userId", userId);
    }

    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
