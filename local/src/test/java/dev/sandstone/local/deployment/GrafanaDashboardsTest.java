package dev.sandstone.local.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboards of {@code deploy/grafana}: valid JSON with unique ids, every panel on the provisioned
 * Prometheus data source, every expression valid PromQL (promtool checks them as recording rules), the four views the
 * operations guide names, and provisioned by docker-compose.yml. That every metric they read exists is
 * {@code MonitoringMetricsApiTest}'s business.
 */
class GrafanaDashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_dashboards_cover_golden_signals_processors_stores_and_collaboration_with_unique_ids() throws IOException {
        Set<String> uids = new HashSet<>();
        Set<String> titles = new TreeSet<>();
        for (Path dashboard : MonitoringExpressions.dashboards()) {
            JsonNode json = JSON.readTree(dashboard.toFile());
            assertThat(uids.add(json.get("uid").asText())).as("uid of %s is unique", dashboard).isTrue();
            titles.add(json.get("title").asText());
            assertThat(MonitoringExpressions.panels(dashboard)).as("%s has panels", dashboard).isNotEmpty();
        }
        assertThat(titles).containsExactlyInAnyOrder("Sandstone: golden signals", "Sandstone: processors and lag",
                "Sandstone: stores", "Sandstone: collaboration sessions");
        Set<String> read = new TreeSet<>();
        MonitoringExpressions.metricsReadByEachFile().forEach((file, metrics) -> {
            if (file.startsWith("deploy/grafana")) {
                read.addAll(metrics);
            }
        });
        assertThat(read).contains("sandstone_collab_sessions", "sandstone_processor_lag_seconds",
                "http_server_requests_seconds_bucket", "sandstone_store_calls_seconds_bucket", "up");
    }

    @Test
    void every_panel_queries_the_provisioned_prometheus_with_at_least_one_expression() throws IOException {
        String uid = datasourceUid();
        for (Path dashboard : MonitoringExpressions.dashboards()) {
            for (JsonNode panel : MonitoringExpressions.panels(dashboard)) {
                String name = dashboard.getFileName() + ": " + panel.path("title").asText();
                assertThat(panel.path("datasource").path("uid").asText()).as(name).isEqualTo(uid);
                assertThat(panel.path("targets")).as(name).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText()).as(name).isNotBlank();
                    assertThat(target.path("datasource").path("uid").asText()).as(name).isEqualTo(uid);
                }
                assertThat(panel.path("gridPos").path("w").asInt()).as(name).isBetween(1, 24);
            }
        }
    }

    @Test
    void every_expression_is_valid_promql(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        List<Map<String, String>> rules = new ArrayList<>();
        for (Path dashboard : MonitoringExpressions.dashboards()) {
            for (String expression : MonitoringExpressions.expressions(dashboard)) {
                // Grafana's template variable, as it is at its default (All).
                rules.add(Map.of("record", "dashboard:expression:" + rules.size(),
                        "expr", expression.replace("$job", "sandstone.*")));
            }
        }
        Path file = directory.resolve("dashboard-expressions.yml");
        Files.writeString(file, new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboards", "rules", rules)))));
        Process check = new ProcessBuilder(Promtool.require().toString(), "check", "rules", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS: " + rules.size() + " rules found");
    }

    @Test
    @SuppressWarnings("unchecked")
    void docker_compose_provisions_the_dashboards_and_a_prometheus_that_scrapes_both_sides() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(DockerComposeTest.REPOSITORY.resolve(
                "docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat((List<String>) services.get("grafana").get("volumes")).contains(
                "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        assertThat((List<String>) services.get("prometheus").get("volumes")).contains(
                "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                "./deploy/prometheus/sandstone-alerts.yml:/etc/prometheus/sandstone-alerts.yml:ro");
        Map<String, Object> prometheus = new Yaml().load(Files.readString(
                PrometheusRulesTest.PROMETHEUS.resolve("prometheus.yml")));
        assertThat((List<String>) prometheus.get("rule_files")).containsExactly("sandstone-alerts.yml");
        Set<String> scraped = new TreeSet<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            assertThat(job.get("job_name").toString()).startsWith("sandstone");
            assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Map<String, Object> dns : (List<Map<String, Object>>) job.get("dns_sd_configs")) {
                scraped.addAll((List<String>) dns.get("names"));
            }
        }
        assertThat(scraped).containsExactlyInAnyOrder("command-side", "query-side");
        Process check = new ProcessBuilder(Promtool.require().toString(), "check", "config", "prometheus.yml")
                .directory(PrometheusRulesTest.PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @SuppressWarnings("unchecked")
    private static String datasourceUid() throws IOException {
        Map<String, Object> provisioning = new Yaml().load(Files.readString(DockerComposeTest.REPOSITORY.resolve(
                "deploy/grafana/provisioning/datasources/prometheus.yml")));
        List<Map<String, Object>> sources = (List<Map<String, Object>>) provisioning.get("datasources");
        assertThat(sources).hasSize(1);
        return (String) sources.get(0).get("uid");
    }
}
