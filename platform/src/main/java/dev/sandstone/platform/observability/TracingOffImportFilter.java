package dev.sandstone.platform.observability;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * With {@code management.tracing.enabled=false}, Spring Boot's tracing auto-configurations are not applied, so there
 * is no {@code Tracer} bean and no tracing observation handler. Spring Boot's own switch only stops the export: the
 * OpenTelemetry tracer stayed, and every request, filter and query still built, sampled and ended spans (about a
 * fifth of an authenticated GET's CPU). Without a tracer, observations feed the meters only, and Sandstone's own
 * trace context falls back to the no-op tracer ({@link ObservabilityConfiguration}).
 */
public class TracingOffImportFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String TRACING = "org.springframework.boot.actuate.autoconfigure.tracing.";
    private static final Set<String> TRACER_CONFIGURATIONS = Set.of(
            TRACING + "OpenTelemetryTracingAutoConfiguration",
            TRACING + "BraveAutoConfiguration",
            TRACING + "MicrometerTracingAutoConfiguration",
            TRACING + "NoopTracerAutoConfiguration",
            TRACING + "otlp.OtlpTracingAutoConfiguration",
            TRACING + "prometheus.PrometheusExemplarsAutoConfiguration");

    private boolean tracingOff;

    @Override
    public void setEnvironment(Environment environment) {
        tracingOff = !environment.getProperty("management.tracing.enabled", Boolean.class, true);
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < matches.length; i++) {
            String candidate = autoConfigurationClasses[i]; // null: already filtered out by another filter
            matches[i] = candidate == null || !(tracingOff && TRACER_CONFIGURATIONS.contains(candidate));
        }
        return matches;
    }
}
