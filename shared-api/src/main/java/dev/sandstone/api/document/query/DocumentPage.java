package dev.sandstone.api.document.query;

import java.util.List;

public record DocumentPage(List<DocumentView> items, int page, int size, long total) {
}
