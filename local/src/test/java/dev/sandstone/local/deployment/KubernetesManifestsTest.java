package dev.sandstone.local.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/kubernetes}, validated offline: every object against the Kubernetes API schema of its kind
 * ({@code kubernetes-models} from npm, generated from the Kubernetes OpenAPI spec, run by Node from
 * {@code deploy/kubernetes/validation}, pinned by its lock file), every kustomization's resources present, and the
 * rules of docs/deployment.md: probes on the actuator groups, requests and limits, zone spread, secrets only by
 * reference, HPAs on CPU and a custom metric the adapter serves, a disruption budget per side, settings that bind to
 * documented keys.
 */
class KubernetesManifestsTest {

    static final Path KUBERNETES = DockerComposeTest.REPOSITORY.resolve("deploy/kubernetes");
    private static final Path VALIDATOR = Path.of("target", "kubernetes-validation").toAbsolutePath();

    private static List<Path> manifests;
    private static List<Map<String, Object>> objects;

    @BeforeAll
    static void readTheManifests() throws IOException {
        try (Stream<Path> files = Files.walk(KUBERNETES)) {
            manifests = files.filter(file -> file.toString().endsWith(".yaml"))
                    .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
                    .filter(file -> !file.startsWith(KUBERNETES.resolve("validation")))
                    .sorted().toList();
        }
        objects = new ArrayList<>();
        for (Path manifest : manifests) {
            for (Object document : new Yaml().loadAll(Files.readString(manifest))) {
                if (document != null) {
                    objects.add(map(document));
                }
            }
        }
    }

    @Test
    void every_object_is_valid_against_the_kubernetes_schema_of_its_kind() throws Exception {
        String output = validate(manifests);
        assertThat(output.lines().filter(line -> line.startsWith("valid ")).count()).as(output)
                .isEqualTo(objects.size());
        assertThat(kinds()).contains("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                "ConfigMap");
    }

    @Test
    void the_validator_rejects_a_broken_object(@TempDir Path directory) throws Exception {
        Path broken = directory.resolve("broken.yaml");
        Files.writeString(broken, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: broken}
                spec:
                  replicas: two
                  template: {spec: {containers: [{name: c, image: i}]}}
                """);
        Process node = node(List.of("validate.mjs", broken.toString()));
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("INVALID").contains("replicas must be integer");
    }

    @Test
    void every_kustomization_names_resources_that_exist() throws IOException {
        try (Stream<Path> files = Files.walk(KUBERNETES)) {
            for (Path kustomization : files.filter(file -> file.getFileName().toString().equals("kustomization.yaml"))
                    .toList()) {
                Map<String, Object> content = map(new Yaml().load(Files.readString(kustomization)));
                for (Object resource : (List<?>) content.get("resources")) {
                    Path target = kustomization.getParent().resolve(resource.toString()).normalize();
                    assertThat(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")))
                            .as("%s: %s", kustomization, resource).isTrue();
                }
            }
        }
    }

    @Test
    void both_sides_run_with_actuator_probes_requests_and_limits_zone_spread_and_secrets_by_reference() {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            String name = name(deployment);
            names.add(name);
            Map<String, Object> spec = map(deployment.get("spec"));
            Map<String, Object> template = map(spec.get("template"));
            Map<String, Object> podLabels = map(map(template.get("metadata")).get("labels"));
            assertThat(podLabels).as(name).containsAllEntriesOf(map(map(spec.get("selector")).get("matchLabels")));
            Map<String, Object> pod = map(template.get("spec"));
            assertThat(map(pod.get("securityContext")).get("runAsNonRoot")).as(name).isEqualTo(true);
            assertThat(list(pod.get("topologySpreadConstraints"))).as("%s spreads over zones", name)
                    .anySatisfy(constraint -> assertThat(map(constraint).get("topologyKey"))
                            .isEqualTo("topology.kubernetes.io/zone"));
            for (Object item : list(pod.get("containers"))) {
                Map<String, Object> container = map(item);
                assertThat(path(container, "startupProbe", "httpGet", "path")).as(name)
                        .isEqualTo("/actuator/health/liveness");
                assertThat(path(container, "livenessProbe", "httpGet", "path")).as(name)
                        .isEqualTo("/actuator/health/liveness");
                assertThat(path(container, "readinessProbe", "httpGet", "path")).as(name)
                        .isEqualTo("/actuator/health/readiness");
                for (String bound : List.of("requests", "limits")) {
                    assertThat(map(map(container.get("resources")).get(bound))).as("%s %s", name, bound)
                            .containsKeys("cpu", "memory");
                }
                for (Object variable : list(container.get("env"))) {
                    Map<String, Object> env = map(variable);
                    String key = env.get("name").toString();
                    if (key.matches(".*(PASSWORD|SECRET|KEYS?_|ACCESS_KEY|_URI$).*") && !key.contains("ISSUER")
                            && !key.contains("ELASTICSEARCH")) {
                        assertThat(env).as("%s of %s comes from a secret", key, name).doesNotContainKey("value");
                        assertThat(map(env.get("valueFrom"))).as("%s of %s", key, name).containsKey("secretKeyRef");
                    }
                }
            }
        }
        assertThat(names).contains("command-side", "query-side");
    }

    @Test
    void each_side_has_an_autoscaler_on_cpu_and_a_served_custom_metric_and_a_disruption_budget() {
        String adapterRules = ofKind("ConfigMap").stream()
                .filter(configMap -> name(configMap).equals("sandstone-prometheus-adapter-rules"))
                .map(configMap -> map(configMap.get("data")).get("config.yaml").toString()).findFirst().orElseThrow();
        Set<String> scaled = new TreeSet<>();
        for (Map<String, Object> hpa : ofKind("HorizontalPodAutoscaler")) {
            Map<String, Object> spec = map(hpa.get("spec"));
            String target = map(spec.get("scaleTargetRef")).get("name").toString();
            assertThat(ofKind("Deployment")).extracting(KubernetesManifestsTest::name).contains(target);
            scaled.add(target);
            assertThat((Integer) spec.get("minReplicas")).as(target).isGreaterThanOrEqualTo(2);
            assertThat((Integer) spec.get("maxReplicas")).as(target).isGreaterThan((Integer) spec.get("minReplicas"));
            List<Map<String, Object>> metrics = list(spec.get("metrics")).stream().map(KubernetesManifestsTest::map)
                    .toList();
            assertThat(metrics).as(target).anySatisfy(metric -> assertThat(path(metric, "resource", "name"))
                    .isEqualTo("cpu"));
            assertThat(metrics).as(target).anySatisfy(metric -> {
                assertThat(metric.get("type")).isEqualTo("Pods");
                assertThat(adapterRules).contains("as: \"" + path(metric, "pods", "metric", "name") + "\"");
            });
        }
        assertThat(scaled).containsExactlyInAnyOrder("command-side", "query-side");
        Set<String> budgeted = new TreeSet<>();
        for (Map<String, Object> budget : ofKind("PodDisruptionBudget")) {
            budgeted.add(path(budget, "spec", "selector", "matchLabels", "app.kubernetes.io/name").toString());
        }
        assertThat(budgeted).containsExactlyInAnyOrder("command-side", "query-side");
    }

    @Test
    void settings_bind_to_documented_keys() throws IOException {
        List<String> documented = DocumentedProperties.keys(DockerComposeTest.REPOSITORY.resolve("docs/operations.md"));
        Set<String> variables = new TreeSet<>();
        ofKind("ConfigMap").stream().filter(configMap -> name(configMap).equals("sandstone"))
                .forEach(configMap -> variables.addAll(map(configMap.get("data")).keySet()));
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            for (Object container : list(path(deployment, "spec", "template", "spec", "containers"))) {
                list(map(container).get("env")).forEach(env -> variables.add(map(env).get("name").toString()));
            }
        }
        assertThat(variables).isNotEmpty();
        for (String variable : variables) {
            SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource("k8s",
                    Map.of(variable, "value"));
            assertThat(documented.stream().filter(source::containsProperty).toList())
                    .as("%s binds to a key in docs/operations.md", variable).isNotEmpty();
        }
    }

    private static String validate(List<Path> files) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("validate.mjs"));
        files.forEach(file -> arguments.add(file.toString()));
        Process node = node(arguments);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        return output;
    }

    /** Node in the validator's directory, its pinned packages installed there first (npm's cache keeps them). */
    private static synchronized Process node(List<String> arguments) throws Exception {
        Files.createDirectories(VALIDATOR);
        for (String file : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Files.copy(KUBERNETES.resolve("validation").resolve(file), VALIDATOR.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(VALIDATOR.resolve("node_modules/kubernetes-models"))) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(VALIDATOR.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(install.exitValue()).as("npm ci (Node and npm are needed to validate the manifests):%n%s",
                    output).isZero();
        }
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(arguments);
        return new ProcessBuilder(command).directory(VALIDATOR.toFile()).redirectErrorStream(true).start();
    }

    private static Set<String> kinds() {
        Set<String> kinds = new TreeSet<>();
        objects.forEach(object -> kinds.add(object.get("kind").toString()));
        return kinds;
    }

    private static List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    private static String name(Map<String, Object> object) {
        return map(object.get("metadata")).get("name").toString();
    }

    private static Object path(Map<String, Object> object, String... keys) {
        Object current = object;
        for (String key : keys) {
            current = map(current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> ? (List<Object>) value : List.of();
    }
}
