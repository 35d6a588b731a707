package dev.sandstone.query.history;

import dev.sandstone.platform.jobs.PeriodicJob;
import dev.sandstone.query.erasure.ErasureStep;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** History is pruned from PostgreSQL only where an archive outside it keeps the older entries. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HistoryProperties.class)
class HistoryConfiguration {

    @Bean
    @ConditionalOnProperty(name = "sandstone.audit.archive", havingValue = "mongodb")
    HistoryPruning historyPruning(HistoryStore store, ArchivedHistory archive, HistoryProperties properties) {
        return new HistoryPruning(store, archive, properties, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty(name = "sandstone.audit.archive", havingValue = "mongodb")
    PeriodicJob historyPruningJob(HistoryPruning pruning, HistoryProperties properties) {
        return new PeriodicJob("history-pruning", properties.pruneInterval(), pruning::pruneQuietly);
    }
    /** The PostgreSQL history window's part in an erasure (the archived part is the audit archive's). */
    @Bean
    ErasureStep historyErasure(HistoryStore history) {
        return ErasureStep.of("history", "history entries deleted (document) or anonymised (user)",
                history::eraseDocument, history::eraseUser);
    }

}
