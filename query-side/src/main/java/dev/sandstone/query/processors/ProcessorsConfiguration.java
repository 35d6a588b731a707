package dev.sandstone.query.processors;

import dev.sandstone.platform.observability.EventHandlingSpans;
import dev.sandstone.platform.observability.MessageTraceContext;
import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * For each of the query side's processors: handler failures propagate (Axon's default only logs and skips the
 * event), a sequenced dead-letter queue in PostgreSQL with the policy that tells poison events (parked) from outages
 * (retried with back-off) for all but {@code exports}, and a span around the handling of each event.
 */
@Configuration(proxyBeanMethods = false)
class ProcessorsConfiguration {

    /** The query side's processing groups: the read model, search, audit, published objects and exports. */
    static final List<String> GROUPS = List.of("documents", "search", "audit", "published-objects", "exports");

    /**
     * The groups whose poison events are parked. Not {@code exports}: its handler turns a failing export into
     * {@code ExportFailed} itself, and what it lets through (an interrupted job, an outage) must be retried, never
     * parked: a parked request would pass the token and the export would never run.
     */
    static final List<String> DEAD_LETTERED = GROUPS.stream().filter(group -> !group.equals("exports")).toList();

    private static final DeadLetterSchema SCHEMA = DeadLetterSchema.builder()
            .deadLetterTable("dead_letter_entry")
            .deadLetterIdentifierColumn("dead_letter_id")
            .processingGroupColumn("processing_group")
            .sequenceIdentifierColumn("sequence_identifier")
            .sequenceIndexColumn("sequence_index")
            .messageTypeColumn("message_type")
            .eventIdentifierColumn("event_identifier")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .aggregateTypeColumn("aggregate_type")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .tokenTypeColumn("token_type")
            .tokenColumn("token")
            .enqueuedAtColumn("enqueued_at")
            .lastTouchedColumn("last_touched")
            .processingStartedColumn("processing_started")
            .causeTypeColumn("cause_type")
            .causeMessageColumn("cause_message")
            .diagnosticsColumn("diagnostics")
            .build();

    @Autowired
    void deadLetterQueues(EventProcessingConfigurer processing, ConnectionProvider connections,
                          TransactionManager transactions, Serializer serializer) {
        DeadLetterPolicy policy = new DeadLetterPolicy();
        for (String group : GROUPS) {
            processing.registerListenerInvocationErrorHandler(group, configuration -> PropagatingErrorHandler.instance());
        }
        for (String group : DEAD_LETTERED) {
            processing.registerDeadLetterQueue(group, configuration -> JdbcSequencedDeadLetterQueue.builder()
                    .processingGroup(group)
                    .connectionProvider(connections)
                    .transactionManager(transactions)
                    .schema(SCHEMA)
                    .genericSerializer(serializer)
                    .eventSerializer(serializer)
                    .build());
            processing.registerDeadLetterPolicy(group, configuration -> policy);
        }
    }

    /**
     * Document events stay in order per document (Axon's default); export events, which have no aggregate, in order
     * per export, so an export's completion never overtakes its request and parks behind it in a dead-letter queue.
     */
    @Autowired
    void sequencing(EventProcessingConfigurer processing) {
        for (String group : GROUPS) {
            processing.registerSequencingPolicy(group, configuration -> EventSequencing.INSTANCE);
        }
    }

    /** Each processor's handling of an event joins the trace of the request that caused it. */
    @Autowired
    void eventHandlingSpans(EventProcessingConfigurer processing, MessageTraceContext traceContext) {
        for (String group : GROUPS) {
            processing.registerHandlerInterceptor(group, configuration -> new EventHandlingSpans(traceContext, group));
        }
    }
}
