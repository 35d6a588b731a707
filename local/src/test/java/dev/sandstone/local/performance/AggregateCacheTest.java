package dev.sandstone.local.performance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.api.document.command.CommandResult;
import dev.sandstone.api.document.command.CreateDocument;
import dev.sandstone.api.document.command.EditDocumentContent;
import dev.sandstone.api.security.Actor;
import dev.sandstone.local.api.ApiTest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The local default keeps loaded documents in memory (one process owns the writes): editing one document 2,000
 * times loads it from the event store only a few times, not once per command. Store reads are counted by a
 * storage engine that wraps the real one and counts, per aggregate, the reads of its events and snapshot.
 */
@Import(AggregateCacheTest.CountingStore.class)
class AggregateCacheTest extends ApiTest {

    private static final int EDITS = 2_000;
    /** {@code sandstone.documents.snapshot-threshold}'s default. */
    private static final int SNAPSHOT_THRESHOLD = 100;

    @Autowired
    CommandGateway commands;

    @Autowired
    StoreReads reads;

    @TestConfiguration
    static class CountingStore {
        @Bean
        static StoreReads storeReads() {
            return new StoreReads();
        }

        @Bean
        static BeanPostProcessor countingStorageEngine(StoreReads reads) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof EventStorageEngine engine ? reads.counting(engine) : bean;
                }
            };
        }
    }

    /** Reads of an aggregate's events ({@code readEvents(id, from)}) and of its snapshot, per aggregate id. */
    static class StoreReads {
        final Map<String, AtomicInteger> events = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> snapshots = new ConcurrentHashMap<>();

        EventStorageEngine counting(EventStorageEngine engine) {
            InvocationHandler handler = (proxy, method, args) -> {
                if (args != null && args.length > 0 && args[0] instanceof String aggregateId) {
                    if (method.getName().equals("readEvents")) {
                        events.computeIfAbsent(aggregateId, id -> new AtomicInteger()).incrementAndGet();
                    } else if (method.getName().equals("readSnapshot")) {
                        snapshots.computeIfAbsent(aggregateId, id -> new AtomicInteger()).incrementAndGet();
                    }
                }
                try {
                    return method.invoke(engine, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (EventStorageEngine) Proxy.newProxyInstance(EventStorageEngine.class.getClassLoader(),
                    new Class<?>[] {EventStorageEngine.class}, handler);
        }

        int of(Map<String, AtomicInteger> counts, String aggregateId) {
            AtomicInteger count = counts.get(aggregateId);
            return count == null ? 0 : count.get();
        }
    }

    @Test
    void editing_one_document_2000_times_does_not_reload_it_from_the_store_for_every_command() {
        Actor owner = Actor.user(user("typist"));
        String id = UUID.randomUUID().toString();
        send(new CreateDocument(id, "Typed", "start", List.of()), owner);
        int eventReadsBefore = reads.of(reads.events, id);
        int snapshotReadsBefore = reads.of(reads.snapshots, id);

        long version = 1;
        for (int edit = 1; edit <= EDITS; edit++) {
            CommandResult result = send(new EditDocumentContent(id, "keystroke " + edit, version), owner);
            version = result.version();
        }

        assertThat(version).isEqualTo(EDITS + 1);
        int loads = reads.of(reads.events, id) - eventReadsBefore;
        int snapshotLoads = reads.of(reads.snapshots, id) - snapshotReadsBefore;
        // The snapshotter reads the events since the last snapshot once per SNAPSHOT_THRESHOLD events (20 reads here);
        // the cache may lose the document to the garbage collector now and then. Without the cache: 2,000 reads.
        assertThat(loads).as("event reads of the document during %d edits", EDITS)
                .isLessThanOrEqualTo(2 * EDITS / SNAPSHOT_THRESHOLD);
        assertThat(snapshotLoads).as("snapshot reads during %d edits", EDITS)
                .isLessThanOrEqualTo(2 * EDITS / SNAPSHOT_THRESHOLD);
    }

    private <R> R send(Object command, Actor actor) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(actor.toMetaData()));
    }
}
