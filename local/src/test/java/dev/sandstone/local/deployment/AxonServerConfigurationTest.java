package dev.sandstone.local.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Axon Server cannot run here, so its configuration is checked as files: the single node and the three-node cluster
 * of {@code axon-server/} parse and agree with each other, and Sandstone's defaults keep Axon Server off.
 * (That the switch really leaves the JDBC event store in charge is checked on a running context by
 * {@code dev.sandstone.local.api.AxonServerSwitchApiTest}.)
 */
class AxonServerConfigurationTest {

    private static final Path AXON_SERVER = DockerComposeTest.REPOSITORY.resolve("axon-server");

    @Test
    void the_single_node_runs_standalone_on_the_ports_the_services_use() throws IOException {
        Properties node = load(AXON_SERVER.resolve("axonserver.properties"));

        assertThat(node.getProperty("axoniq.axonserver.standalone")).isEqualTo("true");
        assertThat(node.getProperty("axoniq.axonserver.port")).isEqualTo("8124");
        assertThat(node.getProperty("server.port")).isEqualTo("8024");
        assertThat(node.getProperty("axoniq.axonserver.name")).isEqualTo("axonserver");
        assertThat(Files.readString(DockerComposeTest.REPOSITORY.resolve("docker-compose.yml")))
                .contains("AXON_AXONSERVER_SERVERS: axonserver:" + node.getProperty("axoniq.axonserver.port"));
    }

    @Test
    void the_cluster_has_three_distinct_nodes_that_join_the_first_and_replicate_the_default_context() throws IOException {
        List<Properties> nodes;
        try (Stream<Path> files = Files.list(AXON_SERVER.resolve("cluster"))) {
            nodes = files.filter(file -> file.toString().endsWith(".properties")).sorted().map(AxonServerConfigurationTest::loadUnchecked).toList();
        }

        assertThat(nodes).hasSize(3);
        assertThat(nodes).extracting(node -> node.getProperty("axoniq.axonserver.name")).doesNotHaveDuplicates()
                .containsExactly("axonserver-1", "axonserver-2", "axonserver-3");
        assertThat(nodes).extracting(node -> node.getProperty("axoniq.axonserver.autocluster.first"))
                .containsOnly("axonserver-1:" + nodes.get(0).getProperty("axoniq.axonserver.internal-port"));
        assertThat(nodes).allSatisfy(node -> {
            assertThat(node.getProperty("axoniq.axonserver.autocluster.contexts").split(","))
                    .contains("_admin", "default");
            assertThat(node.getProperty("axoniq.axonserver.accesscontrol.enabled")).isEqualTo("true");
            assertThat(node.getProperty("axoniq.axonserver.hostname")).isEqualTo(node.getProperty("axoniq.axonserver.name"));
        });
    }

    @Test
    void sandstone_defaults_keep_axon_server_off_and_compose_only_switches_it_on_when_asked() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/sandstone-defaults.properties")) {
            defaults.load(in);
        }

        assertThat(defaults.getProperty("axon.axonserver.enabled")).isEqualTo("false");
        assertThat(Files.readString(DockerComposeTest.REPOSITORY.resolve("docker-compose.yml")))
                .contains("AXON_AXONSERVER_ENABLED: ${SANDSTONE_AXONSERVER_ENABLED:-false}");
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        assertThat(properties).as(file.toString()).isNotEmpty();
        return properties;
    }

    private static Properties loadUnchecked(Path file) {
        try {
            return load(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
