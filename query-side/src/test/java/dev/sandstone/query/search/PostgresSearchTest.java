package dev.sandstone.query.search;

import dev.sandstone.platform.test.TestPostgres;
import dev.sandstone.platform.test.TestTokens;
import dev.sandstone.queryside.QuerySideApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The search behaviour on the PostgreSQL full-text adapter (the local default). */
@SpringBootTest(classes = QuerySideApplication.class,
        properties = {"sandstone.security.local-issuer.enabled=true", "sandstone.search.engine=postgres"})
class PostgresSearchTest extends SearchBehaviour {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        TestTokens.registerLocalIssuer(registry);
    }
}
