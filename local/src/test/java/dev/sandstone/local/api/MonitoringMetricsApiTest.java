package dev.sandstone.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.local.deployment.MonitoringExpressions;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/**
 * Alerts and dashboards read metrics the service really exports: every metric named by an expression of
 * {@code deploy/prometheus} and {@code deploy/grafana} is in the running local default's {@code /actuator/prometheus},
 * or in {@link MonitoringExpressions#EXPORTED_ELSEWHERE} with the reason it is not there.
 */
@AutoConfigureObservability(tracing = false)
class MonitoringMetricsApiTest extends ApiTest {

    @Test
    void every_metric_an_alert_or_a_dashboard_reads_is_exported() throws Exception {
        ApiClient alice = as(user("alice"));
        ApiClient admin = as(user("root"), "admin");
        String id = createDocument(alice, "Monitored", "x");
        assertThat(alice.ifMatch(1).put("/api/documents/" + id + "/content", Map.of("content", "y")).status()).isEqualTo(200);
        assertThat(alice.get("/api/search?q=monitored").status()).isEqualTo(200);

        ApiClient.Response metrics = admin.get("/actuator/prometheus");
        assertThat(metrics.status()).as("%s", metrics).isEqualTo(200);
        Set<String> exported = new TreeSet<>();
        metrics.raw().body().lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> exported.add(line.split("[{ ]", 2)[0]));

        assertThat(exported).contains("sandstone_erasures_failing_steps", "sandstone_erasures_oldest_pending_seconds");
        Map<String, Set<String>> read = MonitoringExpressions.metricsReadByEachFile();
        assertThat(read).isNotEmpty();
        read.forEach((file, names) -> {
            Set<String> missing = new TreeSet<>(names);
            missing.removeAll(exported);
            missing.removeAll(MonitoringExpressions.EXPORTED_ELSEWHERE.keySet());
            assertThat(missing).as("metrics %s reads that the service does not export", file).isEmpty();
        });
    }
}
