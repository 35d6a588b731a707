package dev.sandstone.local.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules of {@code deploy/prometheus}, checked by Prometheus's own {@code promtool} (syntax, then the unit
 * tests beside them) and by their conventions: a known severity and a runbook that is a heading of operations.md.
 * promtool comes with the Debian package {@code prometheus}: installed here when missing and the build runs as root,
 * otherwise the test fails and says so.
 */
class PrometheusRulesTest {

    static final Path PROMETHEUS = DockerComposeTest.REPOSITORY.resolve("deploy/prometheus");
    static final Path RULES = PROMETHEUS.resolve("sandstone-alerts.yml");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    private static Path promtool;

    @BeforeAll
    static void findPromtool() throws Exception {
        promtool = Promtool.require();
    }

    @Test
    void promtool_accepts_the_rules() throws Exception {
        assertThat(run(promtool.toString(), "check", "rules", RULES.toString())).contains("SUCCESS");
    }

    @Test
    void every_alert_fires_in_its_promtool_unit_test_as_written() throws Exception {
        assertThat(run(promtool.toString(), "test", "rules", "sandstone-alerts.test.yml")).contains("SUCCESS");
        Set<String> tested = new TreeSet<>();
        Files.readString(PROMETHEUS.resolve("sandstone-alerts.test.yml")).lines()
                .filter(line -> line.strip().startsWith("alertname:"))
                .forEach(line -> tested.add(line.strip().substring("alertname:".length()).strip()));
        assertThat(tested).as("alerts with a unit test").isEqualTo(alerts().stream()
                .map(alert -> (String) alert.get("alert")).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void every_alert_has_a_severity_and_a_runbook_that_is_a_heading_of_the_operations_guide() throws IOException {
        Set<String> anchors = Markdown.anchors(DockerComposeTest.REPOSITORY.resolve("docs/operations.md"));
        Set<String> severities = new TreeSet<>();
        for (Map<String, Object> alert : alerts()) {
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) alert.get("labels");
            @SuppressWarnings("unchecked")
            Map<String, String> annotations = (Map<String, String>) alert.get("annotations");
            String name = (String) alert.get("alert");
            assertThat(SEVERITIES).as("severity of %s", name).contains(labels.get("severity"));
            severities.add(labels.get("severity"));
            assertThat(annotations).as(name).containsKeys("summary", "description", "runbook_url");
            String runbook = annotations.get("runbook_url");
            assertThat(runbook).as(name).startsWith("docs/operations.md#");
            assertThat(anchors).as("runbook of %s", name).contains(runbook.substring(runbook.indexOf('#') + 1));
        }
        assertThat(severities).isEqualTo(SEVERITIES);
    }

    /** Every rule of every group. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alerts() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(RULES));
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            alerts.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return alerts;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), output).isZero();
        return output;
    }
}
