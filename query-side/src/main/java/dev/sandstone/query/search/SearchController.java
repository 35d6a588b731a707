package dev.sandstone.query.search;

import dev.sandstone.api.search.SearchDocuments;
import dev.sandstone.api.search.SearchResults;
import dev.sandstone.platform.security.CurrentActor;
import dev.sandstone.platform.web.ApiException;
import dev.sandstone.platform.web.Paging;
import dev.sandstone.platform.web.QueryParams;
import dev.sandstone.query.Queries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "search")
@SecurityRequirement(name = "bearer")
class SearchController {

    static final int MAX_QUERY_LENGTH = 500;

    private final Queries queries;
    private final CurrentActor currentActor;

    SearchController(Queries queries, CurrentActor currentActor) {
        this.queries = queries;
        this.currentActor = currentActor;
    }

    @Operation(summary = "Full-text search over the documents the caller may view",
            description = "Title matches rank higher; quotes make a phrase; the last word matches as a prefix; "
                    + "a word with one wrong letter still matches. Archived documents only with status=ARCHIVED.")
    @GetMapping("/api/search")
    SearchResults search(@RequestParam(required = false) String q,
                         @RequestParam(required = false) String status,
                         @RequestParam(required = false) String tag,
                         @RequestParam(required = false) String owner,
                         @RequestParam(defaultValue = "0") int page,
                         @RequestParam(defaultValue = "20") int size) {
        if (q == null || q.isBlank()) {
            throw ApiException.badParameter("q", "q is required: the words to search for");
        }
        if (q.length() > MAX_QUERY_LENGTH) {
            throw ApiException.badParameter("q", "q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        if (SearchText.parse(q).isEmpty()) {
            throw ApiException.badParameter("q", "q must contain at least one letter or digit");
        }
        Paging paging = Paging.of(page, size);
        return queries.ask(new SearchDocuments(currentActor.get(), q.strip(), QueryParams.status(status),
                QueryParams.optional(tag), QueryParams.optional(owner), paging.page(), paging.size()),
                SearchResults.class);
    }
}
