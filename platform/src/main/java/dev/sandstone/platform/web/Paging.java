package dev.sandstone.platform.web;

/** Validated {@code page} and {@code size} query parameters: page ≥ 0, 1 ≤ size ≤ 100. */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 100;

    public static Paging of(int page, int size) {
        if (page < 0) {
            throw ApiException.badParameter("page", "page must be 0 or more; got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badParameter("size", "size must be between 1 and " + MAX_SIZE + "; got " + size);
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            throw ApiException.badParameter("page", "page is too far: page × size must stay below " + Integer.MAX_VALUE);
        }
        return new Paging(page, size);
    }
}
