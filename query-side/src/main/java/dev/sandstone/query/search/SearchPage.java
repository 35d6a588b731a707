package dev.sandstone.query.search;

import dev.sandstone.api.search.SearchHit;
import java.util.List;

public record SearchPage(List<SearchHit> hits, long total) {
}
