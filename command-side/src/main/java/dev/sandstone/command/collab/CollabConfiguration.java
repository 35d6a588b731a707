package dev.sandstone.command.collab;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstone.platform.security.CurrentActor;
import dev.sandstone.platform.security.PublicEndpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

/** Wires the live channel at {@code /api/collab} (off with {@code sandstone.collab.enabled=false}). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(CollabProperties.class)
@ConditionalOnProperty(name = "sandstone.collab.enabled", havingValue = "true", matchIfMissing = true)
public class CollabConfiguration {

    static final String PATH = "/api/collab";

    @Bean
    ShareDbMessages collabMessages(ObjectMapper mapper) {
        return new ShareDbMessages(mapper);
    }

    @Bean
    LiveDocuments liveDocuments(EventStore eventStore, CollabProperties properties, ShareDbMessages collabMessages) {
        return new LiveDocuments(eventStore, properties.recentOperations(), collabMessages);
    }

    @Bean
    CollabTickets collabTickets(DataSource dataSource, CollabProperties properties) {
        return new CollabTickets(JdbcClient.create(dataSource), properties.ticketTtl(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService collabSender() {
        AtomicInteger senders = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "collab-send-" + senders.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    CollabWebSocketHandler collabHandler(LiveDocuments liveDocuments, ShareDbMessages collabMessages,
                                         CommandGateway commands, CollabProperties properties, MeterRegistry meters,
                                         ExecutorService collabSender) {
        ShareDbProtocol protocol = new ShareDbProtocol(liveDocuments, new PresenceChannels(), collabMessages, commands,
                properties, meters);
        CollabWebSocketHandler handler = new CollabWebSocketHandler(protocol, collabMessages, collabSender,
                properties.sendBufferLimit().toBytes(),
                (int) Math.min(Integer.MAX_VALUE, properties.maxMessageSize().toBytes()),
                properties.sendTimeout().toMillis());
        Gauge.builder("sandstone.collab.sessions", handler, CollabWebSocketHandler::openSessions)
                .description("Open live collaboration connections on this instance").register(meters);
        Gauge.builder("sandstone.collab.documents", liveDocuments, LiveDocuments::size)
                .description("Documents with live users on this instance").register(meters);
        return handler;
    }

    @Bean
    WebSocketConfigurer collabEndpoint(CollabWebSocketHandler collabHandler, CollabTickets collabTickets,
                                       CurrentActor currentActor, CollabProperties properties) {
        return registry -> {
            var registration = registry.addHandler(collabHandler, PATH)
                    .addInterceptors(new CollabAuthentication(collabTickets, currentActor));
            if (!properties.allowedOrigins().isEmpty()) {
                registration.setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
            }
        };
    }

    /** The upgrade carries a ticket instead of a header from browsers; {@link CollabAuthentication} decides. */
    @Bean
    static PublicEndpoint collabPublicEndpoint() {
        return new PublicEndpoint(HttpMethod.GET, PATH);
    }

    /** A live operation's client id and sequence number go with its event, so a resend is recognised. */
    @Bean
    static CorrelationDataProvider collabCorrelation() {
        return new SimpleCorrelationDataProvider(LiveEvents.META_SRC, LiveEvents.META_SEQ);
    }

    /**
     * Tomcat's WebSocket buffer for a whole text message (its default is 8 KiB): messages up to
     * {@code sandstone.collab.max-message-size} are taken, larger ones close the connection with 1009. Set as the
     * container's init parameter, so it needs no running container (tests with a mock servlet environment).
     */
    @Bean
    ServletContextInitializer collabMessageSize(CollabProperties properties) {
        String bytes = Long.toString(Math.min(Integer.MAX_VALUE, properties.maxMessageSize().toBytes()));
        return servletContext -> servletContext.setInitParameter("org.apache.tomcat.websocket.textBufferSize", bytes);
    }
}
