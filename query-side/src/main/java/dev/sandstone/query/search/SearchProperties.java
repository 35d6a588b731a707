package dev.sandstone.query.search;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandstone.search.*}.
 *
 * @param engine {@code postgres} (full-text search in PostgreSQL; the default) or {@code elasticsearch}
 *               (then {@code spring.elasticsearch.uris} names the cluster)
 * @param index  Elasticsearch: the alias searched and written; each build is a new index behind it
 */
@ConfigurationProperties("sandstone.search")
public record SearchProperties(@DefaultValue("postgres") Engine engine,
                               @DefaultValue("sandstone-documents") String index) {

    public enum Engine { POSTGRES, ELASTICSEARCH }
}
