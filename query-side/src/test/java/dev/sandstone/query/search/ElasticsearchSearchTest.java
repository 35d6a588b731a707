package dev.sandstone.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstone.api.search.SearchResults;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.resilience.StoreCalls;
import dev.sandstone.platform.test.TestElasticsearch;
import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import dev.sandstone.platform.web.DependencyUnavailableException;
import dev.sandstone.queryside.QuerySideApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The search behaviour on a real Elasticsearch server, plus what only a separate server can do: be down. */
@SpringBootTest(classes = QuerySideApplication.class,
        properties = {"sandstone.security.local-issuer.enabled=true", "sandstone.search.engine=elasticsearch"})
class ElasticsearchSearchTest extends SearchBehaviour {

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    HealthEndpoint health;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        TestElasticsearch.register(registry);
        registry.add("sandstone.search.index", () -> "sandstone-test-" + UUID.randomUUID());
        TestTokens.registerLocalIssuer(registry);
    }

    @AfterEach
    void elasticsearchIsBack() {
        if (!TestElasticsearch.shared().isRunning()) {
            TestElasticsearch.shared().start();
        }
    }

    @Test
    void elasticsearch_reports_its_health_among_the_dependencies_and_never_in_readiness() {
        CompositeHealth dependencies = (CompositeHealth) health.healthForPath("dependencies");
        CompositeHealth readiness = (CompositeHealth) health.healthForPath("readiness");

        assertThat(dependencies.getComponents()).containsKey("elasticsearch");
        assertThat(dependencies.getComponents().get("elasticsearch").getStatus()).isEqualTo(Status.UP);
        assertThat(readiness.getComponents()).containsOnlyKeys("db", "readinessState");
    }

    @Test
    void search_calls_are_timed_and_the_elasticsearch_breaker_is_exported_closed() {
        search(Actor.user("alice"), uniqueWord());

        assertThat(meters.get(StoreCalls.METRIC)
                .tags("store", "elasticsearch", "operation", "search", "outcome", "success").timer().count())
                .isPositive();
        assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "elasticsearch", "state", "closed")
                .gauge().value()).isEqualTo(1);
    }

    @Test
    void changes_made_while_elasticsearch_was_down_are_indexed_once_it_is_back() {
        String word = uniqueWord();
        String before = create("alice", "Before the outage", word);
        awaitResults(Actor.user("alice"), word, r -> r.total() == 1);

        TestElasticsearch.shared().stop();
        List<String> during = List.of(create("alice", "During the outage 1", word),
                create("alice", "During the outage 2", word));
        assertThatThrownBy(() -> search(Actor.user("alice"), word))
                .isInstanceOf(DependencyUnavailableException.class);
        TestElasticsearch.shared().start();

        SearchResults results = awaitResults(Actor.user("alice"), word, java.time.Duration.ofSeconds(90),
                r -> r.total() == 3);
        assertThat(ids(results)).containsExactlyInAnyOrder(before, during.get(0), during.get(1));
        assertThat(processing.eventProcessor(SearchProjection.GROUP, StreamingEventProcessor.class).orElseThrow()
                .isRunning()).isTrue();
    }
}
