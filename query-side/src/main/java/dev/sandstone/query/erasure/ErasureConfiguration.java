package dev.sandstone.query.erasure;

import dev.sandstone.platform.jobs.PeriodicJob;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ErasureProperties.class)
class ErasureConfiguration {

    /** Every query-side instance advances erasures; a lease keeps two from working on the same one. */
    @Bean
    PeriodicJob erasureJob(ErasureCoordinator coordinator, ErasureProperties properties) {
        return new PeriodicJob("erasures", properties.pollInterval(), coordinator::advance);
    }
}
