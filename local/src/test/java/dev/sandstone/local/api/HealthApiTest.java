package dev.sandstone.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health groups: readiness is PostgreSQL and the readiness state only; every other contributor reports in
 * {@code dependencies}, where a DOWN never costs rotation. Details are shown to admins only.
 */
class HealthApiTest extends ApiTest {

    @Autowired
    HealthContributorRegistry contributors;

    @Test
    void readiness_is_up_on_postgresql_and_checks_nothing_else() {
        JsonNode readiness = admin().get("/actuator/health/readiness").body();

        assertThat(readiness.get("status").asText()).isEqualTo("UP");
        assertThat(readiness.get("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("db", "readinessState");
        assertThat(readiness.at("/components/db/details/database").asText()).isEqualTo("PostgreSQL");
    }

    @Test
    void the_dependencies_group_holds_every_other_contributor() {
        ApiClient.Response dependencies = admin().get("/actuator/health/dependencies");

        assertThat(dependencies.status()).as("%s", dependencies).isEqualTo(200);
        assertThat(dependencies.body().get("components").fieldNames()).toIterable()
                .contains("diskSpace").doesNotContain("db", "readinessState", "livenessState");
    }

    @Test
    void an_optional_store_that_is_down_shows_in_dependencies_and_never_takes_readiness_down() {
        contributors.registerContributor("archive",
                (HealthIndicator) () -> Health.down().withDetail("error", "connection refused").build());
        try {
            ApiClient admin = admin();
            ApiClient.Response dependencies = admin.get("/actuator/health/dependencies");
            assertThat(dependencies.status()).isEqualTo(503);
            assertThat(dependencies.body().at("/components/archive/status").asText()).isEqualTo("DOWN");
            assertThat(dependencies.body().at("/components/archive/details/error").asText())
                    .isEqualTo("connection refused");

            for (String probe : List.of("/actuator/health/readiness", "/actuator/health/liveness")) {
                ApiClient.Response response = anonymous().get(probe);
                assertThat(response.status()).as(probe).isEqualTo(200);
                assertThat(response.body().get("status").asText()).isEqualTo("UP");
            }
        } finally {
            contributors.unregisterContributor("archive");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/health", "/actuator/health/readiness", "/actuator/health/dependencies"})
    void anonymous_callers_and_users_without_the_admin_role_see_the_status_only(String path) {
        for (ApiClient caller : List.of(anonymous(), as(user("bob")), as(user("audrey"), "auditor"))) {
            ApiClient.Response response = caller.get(path);

            assertThat(response.status()).as("%s", response).isEqualTo(200);
            assertThat(response.body().get("status").asText()).isEqualTo("UP");
            assertThat(response.body().has("components")).as("no components for %s", response).isFalse();
            assertThat(response.body().has("details")).isFalse();
        }
    }

    private ApiClient admin() {
        return as(user("root"), "admin");
    }
}
