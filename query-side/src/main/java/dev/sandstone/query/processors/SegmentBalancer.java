package dev.sandstone.query.processors;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Spreads the processors' segments over the query-side instances. A tracking processor claims every free segment
 * it has a thread for, so the instance that starts first would keep them all and the others would only wait. Each
 * instance therefore announces itself in {@code processor_instances} every interval, counts the instances alive,
 * releases the segments it holds beyond its fair share (segments / instances, rounded up) so that another instance
 * claims them, and claims free segments while it holds fewer than its share. An instance that dies stops announcing
 * itself; once it no longer counts, the others' shares grow and they take over its segments when its claims expire.
 */
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    /** Instances that have not announced themselves for this many intervals no longer count. */
    private static final int ALIVE_INTERVALS = 3;
    /** Rows of instances silent for this many intervals are deleted. */
    private static final int FORGOTTEN_INTERVALS = 100;

    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final JdbcClient jdbc;
    private final Duration interval;
    private final String instanceId;

    SegmentBalancer(EventProcessingConfiguration processing, TokenStore tokens, TransactionManager transactions,
                    JdbcClient jdbc, Duration interval) {
        this.processing = processing;
        this.tokens = tokens;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.interval = interval;
        // The name Axon's token store records as a segment's owner by default, so both name the same process.
        this.instanceId = ManagementFactory.getRuntimeMXBean().getName();
    }

    /** Segments one instance should hold at most when {@code instances} share {@code segments}. */
    static int fairShare(int segments, int instances) {
        int sharing = Math.max(1, instances);
        return (segments + sharing - 1) / sharing;
    }

    void balance() {
        int instances = announce();
        for (String group : ProcessorsConfiguration.GROUPS) {
            processing.eventProcessor(group, StreamingEventProcessor.class)
                    .filter(StreamingEventProcessor::isRunning)
                    .ifPresent(processor -> balance(processor, instances));
        }
    }

    /** Refreshes this instance's row and returns how many instances are alive, this one included. */
    int announce() {
        double seconds = interval.toMillis() / 1000.0;
        jdbc.sql("""
                        INSERT INTO processor_instances (instance_id, seen_at) VALUES (:id, now())
                        ON CONFLICT (instance_id) DO UPDATE SET seen_at = now()""")
                .param("id", instanceId).update();
        jdbc.sql("DELETE FROM processor_instances WHERE seen_at < now() - make_interval(secs => :seconds)")
                .param("seconds", seconds * FORGOTTEN_INTERVALS).update();
        return jdbc.sql("SELECT count(*) FROM processor_instances WHERE seen_at > now() - make_interval(secs => :seconds)")
                .param("seconds", seconds * ALIVE_INTERVALS)
                .query(Integer.class).single();
    }

    private void balance(StreamingEventProcessor processor, int instances) {
        String name = processor.getName();
        int segments = transactions.fetchInTransaction(() -> tokens.fetchSegments(name)).length;
        int share = fairShare(segments, instances);
        Set<Integer> held = processor.processingStatus().keySet();
        List<Integer> excess = held.stream().sorted(Comparator.reverseOrder()).limit(Math.max(0, held.size() - share))
                .toList();
        for (int segment : excess) {
            log.info("Releasing segment {} of processor {} to another instance: {} instances share {} segments",
                    segment, name, instances, segments);
            processor.releaseSegment(segment);
        }
        int missing = Math.min(share, processor.maxCapacity()) - held.size();
        if (missing > 0) {
            List<Segment> free = transactions.fetchInTransaction(() -> tokens.fetchAvailableSegments(name));
            free.stream().map(Segment::getSegmentId).filter(id -> !held.contains(id)).limit(missing)
                    .forEach(processor::claimSegment);
        }
    }

    /** On a graceful stop: the others need not wait for this instance's row to age before they count without it. */
    void leave() {
        try {
            jdbc.sql("DELETE FROM processor_instances WHERE instance_id = :id").param("id", instanceId).update();
        } catch (DataAccessException e) {
            log.info("Could not withdraw instance {} from processor_instances; it ages out: {}", instanceId,
                    e.getMessage());
        }
    }
}
