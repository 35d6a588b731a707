package dev.sandstone.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * One trace from an HTTP request through its command, the append of the command's events and each processor's
 * handling of them, carried in Axon metadata (W3C {@code traceparent}/{@code tracestate}); and the command timer.
 * Tracing itself (Micrometer Tracing over OpenTelemetry, OTLP export) is Spring Boot's, switched by
 * {@code management.tracing.enabled}: while it is off, the tracer and propagator are no-ops and nothing is added.
 * Event processors register {@link EventHandlingSpans} themselves. With tracing off there is no tracer at all
 * ({@link TracingOffImportFilter}) and Spring Security observes nothing, so a request builds no span and no
 * observation beyond the HTTP server metric.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.NoopTracerAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration"})
public class ObservabilityConfiguration {

    @Bean
    MessageTraceContext messageTraceContext(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new MessageTraceContext(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    /**
     * With tracing off, Spring Security's filter chain, authentication and authorization are not observed: each of
     * its 15 filters was wrapped in an observation per request, which without spans only fed timers nobody reads.
     * The HTTP server metric ({@code http.server.requests}) stays.
     */
    @Bean
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "false")
    SecurityObservationSettings securityObservationsOff() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    CorrelationDataProvider traceContextCorrelation(MessageTraceContext traceContext) {
        return new TraceContextCorrelation(traceContext);
    }

    /**
     * Interceptors registered on the command bus bean (Axon's way with Spring), apart from the beans above: Axon's
     * configuration needs the correlation provider before the command bus exists.
     */
    @Configuration(proxyBeanMethods = false)
    static class CommandBusInterceptors {

        @Autowired
        void observeCommands(CommandBus commandBus, MessageTraceContext traceContext, MeterRegistry meters) {
            commandBus.registerDispatchInterceptor(new TraceContextDispatchInterceptor(traceContext));
            commandBus.registerHandlerInterceptor(new CommandObservation(traceContext, meters));
        }
    }
}
