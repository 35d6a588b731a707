package dev.sandstone.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import dev.sandstone.platform.config.PlatformDefaults;
import dev.sandstone.platform.web.DependencyUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;

/**
 * The resilience settings and the platform's time-outs and pool bounds as they bind, and what an open breaker looks
 * like from outside: a DOWN {@code circuitBreakers} in the dependencies health group, and its state as a metric.
 */
class ResilienceAutoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
                    ApplicationAvailabilityAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
            .withInitializer(app -> new PlatformDefaults().postProcessEnvironment(app.getEnvironment(),
                    new SpringApplication()))
            // the platform defaults' readiness group names the database, which this context does not have
            .withPropertyValues("management.endpoint.health.validate-group-membership=false");

    @Test
    void breakers_and_retries_have_documented_defaults() {
        ResilienceProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("sandstone.resilience", ResilienceProperties.class);

        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.circuitBreaker()).isEqualTo(new ResilienceProperties.CircuitBreaker(50, 20, 10,
                Duration.ofSeconds(10), 3));
        assertThat(defaults.retry()).isEqualTo(new ResilienceProperties.Retry(3, Duration.ofMillis(100), 2,
                Duration.ofSeconds(1)));
    }

    @Test
    void the_platform_defaults_bound_outbound_waits_and_inbound_work() {
        StandardEnvironment environment = new StandardEnvironment();
        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());
        Binder binder = Binder.get(environment);

        ServerProperties.Tomcat tomcat = binder.bindOrCreate("server", ServerProperties.class).getTomcat();
        ElasticsearchProperties elasticsearch = binder.bindOrCreate("spring.elasticsearch",
                ElasticsearchProperties.class);
        HikariConfig pool = binder.bind("spring.datasource.hikari", Bindable.ofInstance(new HikariConfig())).get();

        assertThat(tomcat.getThreads().getMax()).isEqualTo(64);
        assertThat(tomcat.getMaxConnections()).isEqualTo(512);
        assertThat(tomcat.getAcceptCount()).isEqualTo(64);
        assertThat(tomcat.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(elasticsearch.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(elasticsearch.getSocketTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pool.getConnectionTimeout()).isEqualTo(5000);
    }

    @Test
    void an_open_breaker_shows_in_the_dependencies_health_group_and_as_a_metric_never_in_readiness() {
        context.withPropertyValues("sandstone.resilience.circuit-breaker.minimum-number-of-calls=2",
                "sandstone.resilience.circuit-breaker.sliding-window-size=2").run(app -> {
            StoreCalls calls = app.getBean(StoreResilience.class).guardedWithClientRetries("archive",
                    open -> new DependencyUnavailableException("refused", open));
            HealthEndpoint health = app.getBean(HealthEndpoint.class);
            HealthEndpointGroups groups = app.getBean(HealthEndpointGroups.class);
            assertThat(health.healthForPath("circuitBreakers").getStatus()).isEqualTo(Status.UP);

            for (int i = 0; i < 2; i++) {
                try {
                    calls.once("write", () -> {
                        throw new DependencyUnavailableException("down", null);
                    });
                } catch (DependencyUnavailableException expected) {
                    // the store is down
                }
            }

            assertThat(app.getBean(CircuitBreakerRegistry.class).circuitBreaker("archive").getState().name())
                    .isEqualTo("OPEN");
            assertThat(health.healthForPath("circuitBreakers").getStatus()).isEqualTo(Status.DOWN);
            assertThat(groups.get("dependencies").isMember("circuitBreakers")).isTrue();
            assertThat(groups.get("readiness").isMember("circuitBreakers")).isFalse();
            assertThat(groups.get("liveness").isMember("circuitBreakers")).isFalse();
            assertThat(app.getBean(MeterRegistry.class).get("resilience4j.circuitbreaker.state")
                    .tags("name", "archive", "state", "open").gauge().value()).isEqualTo(1);
        });
    }
}
