package dev.sandstone.local.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The PromQL expressions of the alert rules ({@code deploy/prometheus}) and of the dashboards
 * ({@code deploy/grafana/dashboards}), and the metrics they read.
 */
public final class MonitoringExpressions {

    static final Path DASHBOARDS = DockerComposeTest.REPOSITORY.resolve("deploy/grafana/dashboards");

    /** Metrics that alerts or dashboards read but a local default without optional stores does not export. */
    public static final Map<String, String> EXPORTED_ELSEWHERE = Map.of(
            "up", "Prometheus's own, per scrape target",
            "resilience4j_circuitbreaker_state", "only with a store behind a breaker (Elasticsearch, MongoDB, S3)",
            "resilience4j_circuitbreaker_failure_rate", "only with a store behind a breaker",
            "resilience4j_circuitbreaker_not_permitted_calls_total", "only with a store behind a breaker",
            "sandstone_collab_sessions", "live collaboration sessions, exported by the collaboration feature");

    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitoringExpressions() {
    }

    /** Per file (relative to the repository): the metrics its expressions read. */
    public static Map<String, Set<String>> metricsReadByEachFile() throws IOException {
        Map<String, Set<String>> read = new TreeMap<>();
        Set<String> rules = new TreeSet<>();
        for (Map<String, Object> alert : PrometheusRulesTest.alerts()) {
            rules.addAll(PromQl.metricNames((String) alert.get("expr")));
        }
        read.put("deploy/prometheus/sandstone-alerts.yml", rules);
        for (Path dashboard : dashboards()) {
            Set<String> metrics = new TreeSet<>();
            expressions(dashboard).forEach(expression -> metrics.addAll(PromQl.metricNames(expression)));
            read.put(DockerComposeTest.REPOSITORY.relativize(dashboard).toString(), metrics);
        }
        return read;
    }

    static List<Path> dashboards() throws IOException {
        if (!Files.isDirectory(DASHBOARDS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Every {@code expr} of every target of every panel (rows' nested panels too). */
    static List<String> expressions(Path dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    expressions.add(target.get("expr").asText());
                }
            }
        }
        return expressions;
    }

    static List<JsonNode> panels(Path dashboard) {
        try {
            List<JsonNode> panels = new ArrayList<>();
            for (JsonNode panel : JSON.readTree(dashboard.toFile()).path("panels")) {
                panels.add(panel);
                panel.path("panels").forEach(panels::add);
            }
            return panels;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dashboard, e);
        }
    }
}
