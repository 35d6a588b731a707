package dev.sandstone.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Rate limits over HTTP, with budgets small enough to reach in a test (a context of its own): per user, separate
 * for reads and writes, by client address when anonymous, never on probes or development tokens.
 */
@TestPropertySource(properties = {
        "sandstone.rate-limit.user-reads-per-second=1", "sandstone.rate-limit.user-read-burst=3",
        "sandstone.rate-limit.user-writes-per-second=1", "sandstone.rate-limit.user-write-burst=2"})
class RateLimitApiTest extends ApiTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void a_user_over_the_read_budget_gets_429_problem_json_with_retry_after_and_another_user_does_not() {
        ApiClient alice = as(user("alice"));
        ApiClient bob = as(user("bob"));

        ApiClient.Response refused = untilRefused(() -> alice.get("/api/documents"));

        assertProblem(refused, 429, "Too many reads: at most 1 per second per user (bursts of 3); retry after 1 s");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.body().get("type").asText()).endsWith("/too-many-requests");
        assertThat(bob.get("/api/documents").status()).isEqualTo(200);
    }

    @Test
    void the_budget_refills_after_retry_after() throws InterruptedException {
        ApiClient alice = as(user("alice"));
        ApiClient.Response refused = untilRefused(() -> alice.get("/api/documents"));

        Thread.sleep(Long.parseLong(refused.header("Retry-After")) * 1_000);

        assertThat(alice.get("/api/documents").status()).isEqualTo(200);
    }

    @Test
    void writes_have_a_budget_of_their_own_and_reads_go_on() {
        ApiClient alice = as(user("alice"));

        ApiClient.Response refused = untilRefused(() -> alice.post("/api/documents",
                Map.of("title", "t", "content", "c", "tags", List.of())));

        assertProblem(refused, 429, "Too many writes: at most 1 per second per user (bursts of 2)");
        assertThat(alice.get("/api/documents").status()).isEqualTo(200);
    }

    @Test
    void anonymous_callers_are_limited_by_their_address_before_being_refused_with_401() {
        ApiClient.Response refused = untilRefused(() -> anonymous().get("/api/documents"));

        assertProblem(refused, 429, "per client address");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void probes_and_development_tokens_are_never_limited() {
        for (int i = 0; i < 10; i++) {
            assertThat(anonymous().get("/actuator/health/readiness").status()).isEqualTo(200);
            as(user("carol"));
        }
    }

    @Test
    void rejections_are_counted_by_scope_and_kind() {
        double before = rejections("user", "read");
        ApiClient alice = as(user("alice"));

        untilRefused(() -> alice.get("/api/documents"));

        assertThat(rejections("user", "read")).isEqualTo(before + 1);
        assertThat(meters.find("sandstone.ratelimit.rejections").tags("scope", "global", "kind", "write").counter())
                .as("every series exists from the start").isNotNull();
    }

    @Test
    void a_rejection_is_logged_with_the_user_and_document_of_the_request_in_the_mdc() {
        String aliceId = user("alice");
        ApiClient alice = as(aliceId);
        String id = createDocument(alice, "Logged", "text");
        Logger logger = (Logger) LoggerFactory.getLogger("dev.sandstone.platform.web.ratelimit.RateLimitFilter");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(events);
        try {
            untilRefused(() -> alice.get("/api/documents/" + id));
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }

        assertThat(events.list).anySatisfy(event -> {
            assertThat(event.getFormattedMessage()).contains("Rate limited GET /api/documents/" + id);
            assertThat(event.getMDCPropertyMap()).containsEntry("userId", aliceId).containsEntry("documentId", id);
        });
    }

    private double rejections(String scope, String kind) {
        return meters.get("sandstone.ratelimit.rejections").tags("scope", scope, "kind", kind).counter().count();
    }

    /** Repeats a request until it is refused; the budgets refill at 1/s, so a slow machine needs a few more. */
    private static ApiClient.Response untilRefused(Supplier<ApiClient.Response> request) {
        for (int attempt = 0; attempt < 50; attempt++) {
            ApiClient.Response response = request.get();
            if (response.status() == 429) {
                return response;
            }
            assertThat(response.status()).as("%s", response).isIn(200, 201, 401);
        }
        throw new AssertionError("Never refused with 429 in 50 requests");
    }
}
