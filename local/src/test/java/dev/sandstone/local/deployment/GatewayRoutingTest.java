package dev.sandstone.local.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The gateway's nginx configuration ({@code gateway/sandstone.conf}) sends every endpoint of each side to that side:
 * the endpoints are read from the controllers themselves, and routed the way nginx does (longest matching prefix
 * location, then the method map of {@code /api/}).
 */
class GatewayRoutingTest {

    private static final Pattern LOCATION = Pattern.compile(
            "location\\s+(?:\\^~\\s+)?(\\S+)\\s*\\{[^}]*?proxy_pass\\s+http://([$\\w]+);", Pattern.DOTALL);
    private static final Pattern MAP = Pattern.compile("map\\s+\\$request_method\\s+\\$(\\w+)\\s*\\{([^}]*)}");
    private static final Pattern UPSTREAM = Pattern.compile("upstream\\s+(\\w+)\\s*\\{[^}]*?server\\s+([\\w.-]+):(\\d+)");

    private static final Map<String, String> locations = new LinkedHashMap<>();
    private static final Map<String, String> methodMap = new LinkedHashMap<>();
    private static final Map<String, String> upstreamHosts = new LinkedHashMap<>();
    private static String methodVariable;

    @BeforeAll
    static void parse() throws IOException {
        String config = Files.readString(DockerComposeTest.REPOSITORY.resolve("gateway/sandstone.conf"))
                .replaceAll("(?m)#.*$", "");
        Matcher location = LOCATION.matcher(config);
        while (location.find()) {
            locations.put(location.group(1), location.group(2));
        }
        Matcher map = MAP.matcher(config);
        assertThat(map.find()).as("a map of request methods").isTrue();
        methodVariable = "$" + map.group(1);
        for (String entry : map.group(2).split(";")) {
            String[] parts = entry.strip().split("\\s+");
            if (parts.length == 2) {
                methodMap.put(parts[0], parts[1]);
            }
        }
        Matcher upstream = UPSTREAM.matcher(config);
        while (upstream.find()) {
            upstreamHosts.put(upstream.group(1), upstream.group(2));
        }
    }

    @Test
    void upstreams_are_the_compose_services_of_each_side() {
        assertThat(upstreamHosts).containsValues("command-side", "query-side");
    }

    @Test
    void every_query_side_endpoint_is_routed_to_the_query_side() {
        List<Endpoint> endpoints = endpoints("dev.sandstone.query");
        assertThat(endpoints).extracting(Endpoint::path).contains("/api/search", "/api/audit", "/api/exports",
                "/api/exports/x", "/api/exports/x/archive", "/api/admin/processors",
                "/api/admin/dead-letters", "/api/admin/search/rebuild", "/api/documents/x");
        for (Endpoint endpoint : endpoints) {
            assertThat(route(endpoint)).as("%s", endpoint).isEqualTo("query-side");
        }
    }

    @Test
    void every_command_side_endpoint_is_routed_to_the_command_side() {
        List<Endpoint> endpoints = endpoints("dev.sandstone.command");
        assertThat(endpoints).extracting(Endpoint::method).contains("POST", "PUT", "PATCH", "DELETE");
        for (Endpoint endpoint : endpoints) {
            assertThat(route(endpoint)).as("%s", endpoint).isEqualTo("command-side");
        }
    }

    @Test
    void reads_of_any_api_path_go_to_the_query_side_and_writes_to_the_command_side() {
        assertThat(route(new Endpoint("HEAD", "/api/documents/x"))).isEqualTo("query-side");
        assertThat(route(new Endpoint("GET", "/api/documents/x/revisions/3"))).isEqualTo("query-side");
        assertThat(route(new Endpoint("POST", "/api/documents/x/archive"))).isEqualTo("command-side");
        assertThat(route(new Endpoint("POST", "/api/exports"))).as("exports run on the query side")
                .isEqualTo("query-side");
    }

    /** nginx's choice among prefix locations: the longest that matches; then the method map if it names a variable. */
    private static String route(Endpoint endpoint) {
        String target = locations.entrySet().stream()
                .filter(location -> endpoint.path().startsWith(location.getKey()))
                .max(Comparator.comparingInt(location -> location.getKey().length()))
                .map(Map.Entry::getValue)
                .orElseThrow(() -> new AssertionError("No location for " + endpoint));
        if (target.equals(methodVariable)) {
            target = methodMap.getOrDefault(endpoint.method(), methodMap.get("default"));
        }
        return upstreamHosts.get(target);
    }

    private static List<Endpoint> endpoints(String basePackage) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        List<Endpoint> endpoints = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
            Class<?> controller = load(candidate.getBeanClassName());
            RequestMapping root = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            String prefix = root == null || root.path().length == 0 ? "" : root.path()[0];
            for (Method method : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                String[] paths = mapping.path().length == 0 ? new String[] {""} : mapping.path();
                for (String path : paths) {
                    for (RequestMethod verb : mapping.method()) {
                        endpoints.add(new Endpoint(verb.name(), (prefix + path).replaceAll("\\{[^}]+}", "x")));
                    }
                }
            }
        }
        assertThat(endpoints).as("endpoints in %s", basePackage).isNotEmpty();
        return endpoints;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    record Endpoint(String method, String path) {
    }
}
