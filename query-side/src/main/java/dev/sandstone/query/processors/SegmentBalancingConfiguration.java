package dev.sandstone.query.processors;

import dev.sandstone.platform.jobs.PeriodicJob;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Query-side instances share the processors' segments fairly (on unless {@code sandstone.processors.balancing.enabled=false}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SegmentBalancingProperties.class)
@ConditionalOnProperty(name = "sandstone.processors.balancing.enabled", havingValue = "true", matchIfMissing = true)
class SegmentBalancingConfiguration {

    @Bean(destroyMethod = "leave")
    SegmentBalancer segmentBalancer(EventProcessingConfiguration processing, TokenStore tokens,
                                    TransactionManager transactions, JdbcClient jdbc,
                                    SegmentBalancingProperties properties) {
        return new SegmentBalancer(processing, tokens, transactions, jdbc, properties.interval());
    }

    @Bean
    PeriodicJob segmentBalancing(SegmentBalancer balancer, SegmentBalancingProperties properties) {
        return new PeriodicJob("segment-balancing", properties.interval(), balancer::balance);
    }
}
