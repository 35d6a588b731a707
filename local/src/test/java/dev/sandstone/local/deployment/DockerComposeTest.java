package dev.sandstone.local.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, checked without Docker: every service has an image or a build whose Dockerfile exists, every
 * file it mounts is in the repository, startup order waits on health checks that exist, our services run unprivileged
 * and are configured only by environment variables that bind to documented configuration keys.
 */
class DockerComposeTest {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> OUR_SERVICES = Set.of("command-side", "query-side");

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(REPOSITORY.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void the_stack_has_every_store_the_provider_both_sides_the_gateway_and_axon_server_as_an_option() {
        assertThat(services).containsOnlyKeys("postgres", "elasticsearch", "mongodb", "minio", "keycloak", "axonserver",
                "command-side", "query-side", "gateway", "prometheus", "grafana");
        assertThat(services.get("axonserver").get("profiles")).isEqualTo(List.of("axonserver"));
        services.forEach((name, service) -> {
            if (!name.equals("axonserver")) {
                assertThat(service).as(name + " runs without a profile").doesNotContainKey("profiles");
            }
        });
    }

    @Test
    void every_service_has_an_image_or_a_build_whose_dockerfile_exists() throws IOException {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Map<String, Object> definition = service.getValue();
            if (definition.get("build") instanceof Map<?, ?> build) {
                Path context = REPOSITORY.resolve(String.valueOf(build.get("context"))).normalize();
                Path dockerfile = context.resolve(String.valueOf(build.get("dockerfile")));
                assertThat(dockerfile).as(service.getKey()).isRegularFile();
                String text = Files.readString(dockerfile);
                assertThat(text).as("%s: built from the Maven exec jar, in Spring Boot's layers", service.getKey())
                        .contains("-exec.jar").contains("-Djarmode=tools").contains("extract --layers");
                assertThat(lastUser(text)).as("%s: the image's user", service.getKey())
                        .isNotEmpty().isNotIn("root", "0", "0:0");
                Map<?, ?> args = (Map<?, ?>) build.get("args");
                assertThat(REPOSITORY.resolve(String.valueOf(args.get("MODULE")))).as(service.getKey()).isDirectory();
            } else {
                String image = String.valueOf(definition.get("image"));
                assertThat(image).as(service.getKey() + ": an image with a pinned tag").matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+");
                assertThat(image).as(service.getKey()).doesNotEndWith(":latest");
            }
        }
    }

    @Test
    void every_file_a_service_mounts_is_in_the_repository() {
        List<String> mounted = new ArrayList<>();
        for (Map<String, Object> service : services.values()) {
            for (String volume : list(service.get("volumes"))) {
                String source = volume.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    mounted.add(source);
                    assertThat(REPOSITORY.resolve(source).normalize()).as(volume).exists();
                }
            }
        }
        assertThat(mounted).contains("./keycloak/realm-sandstone.json", "./gateway/sandstone.conf",
                "./axon-server/axonserver.properties");
    }

    @Test
    void services_start_after_what_they_depend_on_is_healthy() {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            if (!(service.getValue().get("depends_on") instanceof Map<?, ?> dependencies)) {
                continue;
            }
            dependencies.forEach((target, how) -> {
                assertThat(services).as("%s depends on %s", service.getKey(), target).containsKey((String) target);
                assertThat(((Map<?, ?>) how).get("condition")).as("%s -> %s", service.getKey(), target)
                        .isEqualTo("service_healthy");
                assertThat(services.get(target)).as("%s has a health check", target).containsKey("healthcheck");
            });
        }
        assertThat(dependencies("command-side")).contains("postgres", "keycloak", "minio");
        assertThat(dependencies("query-side")).contains("postgres", "elasticsearch", "mongodb", "keycloak", "minio");
        assertThat(dependencies("gateway")).containsExactlyInAnyOrder("command-side", "query-side");
    }

    @Test
    void our_services_and_the_gateway_run_as_unprivileged_users() {
        for (String name : List.of("command-side", "query-side", "gateway", "postgres", "mongodb")) {
            assertThat(String.valueOf(services.get(name).get("user"))).as(name).isNotIn("null", "root", "0", "0:0");
        }
    }

    @Test
    void our_services_are_configured_by_environment_variables_that_bind_to_documented_keys() throws IOException {
        List<String> documented = DocumentedProperties.keys(REPOSITORY.resolve("docs/operations.md"));
        for (String name : OUR_SERVICES) {
            Map<?, ?> environment = (Map<?, ?>) services.get(name).get("environment");
            assertThat(environment).as(name).isNotEmpty();
            assertThat(services.get(name)).as(name + ": no configuration files").doesNotContainKeys("volumes", "env_file");
            for (Object variable : environment.keySet()) {
                String env = (String) variable;
                SystemEnvironmentPropertySource source =
                        new SystemEnvironmentPropertySource("compose", Map.of(env, "value"));
                assertThat(documented.stream().filter(source::containsProperty).toList())
                        .as("%s of %s binds to a key in docs/operations.md", env, name)
                        .isNotEmpty();
            }
        }
        Map<?, ?> querySide = (Map<?, ?>) services.get("query-side").get("environment");
        assertThat(querySide.get("SANDSTONE_SEARCH_ENGINE")).isEqualTo("elasticsearch");
        assertThat(querySide.get("SANDSTONE_AUDIT_ARCHIVE")).isEqualTo("mongodb");
        assertThat(querySide.get("SANDSTONE_BLOBS_STORE")).isEqualTo("s3");
    }

    @Test
    void keycloak_imports_the_realm_file_of_the_repository() {
        Map<String, Object> keycloak = services.get("keycloak");
        assertThat(list(keycloak.get("command"))).contains("--import-realm");
        assertThat(list(keycloak.get("volumes")))
                .contains("./keycloak/realm-sandstone.json:/opt/keycloak/data/import/realm-sandstone.json:ro");
        Map<?, ?> environment = (Map<?, ?>) services.get("command-side").get("environment");
        assertThat(String.valueOf(environment.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI")))
                .endsWith("/realms/sandstone");
    }

    private static List<String> dependencies(String service) {
        return ((Map<?, ?>) services.get(service).get("depends_on")).keySet().stream().map(String::valueOf).toList();
    }

    private static List<String> list(Object value) {
        return value instanceof Collection<?> values ? values.stream().map(String::valueOf).toList() : List.of();
    }

    private static String lastUser(String dockerfile) {
        return dockerfile.lines().map(String::strip).filter(line -> line.startsWith("USER "))
                .reduce((first, second) -> second).map(line -> line.substring(5).strip()).orElse("");
    }
}
