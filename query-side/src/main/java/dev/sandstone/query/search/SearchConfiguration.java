package dev.sandstone.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.sandstone.platform.resilience.StoreResilience;
import dev.sandstone.query.erasure.ErasureStep;
import dev.sandstone.query.search.elasticsearch.ElasticsearchSearchIndex;
import dev.sandstone.query.search.postgres.PostgresSearchIndex;
import org.elasticsearch.client.RestClient;
import org.springframework.boot.actuate.elasticsearch.ElasticsearchRestClientHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Chooses the search adapter by configuration and makes the search processor retry instead of skipping. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SearchProperties.class)
class SearchConfiguration {

    /** Timed only: PostgreSQL is required anyway, and its pool bounds the wait. */
    @Bean
    @ConditionalOnProperty(name = "sandstone.search.engine", havingValue = "postgres", matchIfMissing = true)
    SearchIndex postgresSearchIndex(JdbcClient jdbc, StoreResilience resilience) {
        return new ResilientSearchIndex(new PostgresSearchIndex(jdbc), resilience.timed("postgres-search"));
    }

    /** Behind the {@code elasticsearch} circuit breaker: an outage fails fast once the breaker opens. */
    @Bean
    @ConditionalOnProperty(name = "sandstone.search.engine", havingValue = "elasticsearch")
    SearchIndex elasticsearchSearchIndex(ElasticsearchClient client, SearchProperties properties,
                                         StoreResilience resilience) {
        return new ResilientSearchIndex(new ElasticsearchSearchIndex(client, properties.index()),
                resilience.guarded("elasticsearch", ElasticsearchSearchIndex::unavailable));
    }

    /**
     * Elasticsearch's health, only where it is the engine (Spring Boot's own indicator is off: the local default has
     * a client but no server). It reports in the {@code dependencies} health group, never in readiness.
     */
    @Bean
    @ConditionalOnProperty(name = "sandstone.search.engine", havingValue = "elasticsearch")
    HealthIndicator elasticsearchHealthIndicator(RestClient client) {
        return new ElasticsearchRestClientHealthIndicator(client);
    }
    /** The search index's part in an erasure, whichever engine is configured. */
    @Bean
    ErasureStep searchErasure(SearchIndex index) {
        return ErasureStep.of("search-index",
                "index entries deleted (document) or with the user removed from viewers and owner (user)",
                index::eraseDocument, index::eraseUser);
    }

}
