package dev.sandstone.local.api;

import dev.sandstone.platform.test.TestElasticsearch;
import dev.sandstone.platform.test.TestMongo;
import dev.sandstone.platform.test.TestS3;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Erasure in the full stack: Elasticsearch, the MongoDB audit archive and S3, each a real server. */
@TestPropertySource(properties = {"sandstone.search.engine=elasticsearch", "sandstone.audit.archive=mongodb"})
class FullStackErasureApiTest extends ErasureBehaviour {

    @DynamicPropertySource
    static void fullStack(DynamicPropertyRegistry registry) {
        TestElasticsearch.register(registry);
        registry.add("sandstone.search.index", () -> "sandstone-erasure-" + UUID.randomUUID());
        TestMongo.register(registry);
        TestS3.register(registry);
        registry.add("sandstone.audit.mongodb.collection", () -> "audit_" + UUID.randomUUID().toString().substring(0, 8));
    }
}
