package dev.sandstone.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Tracing off (the default): no tracer exists, so no request builds spans, and Spring Security observes nothing;
 * the HTTP server metric is still recorded. {@link TracingApiTest} covers tracing on.
 */
@AutoConfigureObservability(tracing = false)
class TracingOffApiTest extends ApiTest {

    @Autowired
    ApplicationContext context;

    @Test
    void with_tracing_off_there_is_no_tracer_and_no_security_observation_but_http_metrics_stay() {
        ApiClient alice = as(user("alice"));
        String id = createDocument(alice, "Metered", "text");
        assertThat(alice.get(ApiSteps.doc(id)).status()).isEqualTo(200);

        assertThat(context.getBeanProvider(Tracer.class).getIfAvailable()).isNull();
        SecurityObservationSettings settings = context.getBean(SecurityObservationSettings.class);
        assertThat(settings.shouldObserveRequests()).isFalse();
        assertThat(settings.shouldObserveAuthentications()).isFalse();
        assertThat(settings.shouldObserveAuthorizations()).isFalse();
        String metrics = as(user("admin"), "admin").get("/actuator/prometheus").raw().body();
        assertThat(metrics).contains("http_server_requests_seconds_count{")
                .contains("uri=\"/api/documents/{id}\"")
                .doesNotContain("spring_security_filterchains");
    }
}
