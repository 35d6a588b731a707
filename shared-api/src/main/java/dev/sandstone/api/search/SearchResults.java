package dev.sandstone.api.search;

import java.util.List;

public record SearchResults(List<SearchHit> items, int page, int size, long total, long tookMs) {
}
