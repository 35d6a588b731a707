package dev.sandstone.query.documents;

import dev.sandstone.api.document.event.DocumentEvent;
import dev.sandstone.platform.consistency.ReadModelProperties;
import dev.sandstone.platform.consistency.ReadYourWrites;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes for the PostgreSQL read model. Sits in the "documents" processing group and, once a batch
 * of events has committed, wakes the requests waiting for those document versions. Waiters also re-read the
 * version from the database now and then, so a change applied by another instance is seen too.
 */
@Component
@ProcessingGroup(DocumentProjection.GROUP)
class ReadModelVersionWatch implements ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadModelVersionWatch.class);
    private static final long RECHECK_MILLIS = 50;

    private record Waiter(long version, CompletableFuture<Void> reached) {
    }

    private final DocumentReadModel readModel;
    private final Duration timeout;
    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

    ReadModelVersionWatch(DocumentReadModel readModel, ReadModelProperties properties) {
        this.readModel = readModel;
        this.timeout = properties.readYourWritesTimeout();
    }

    @EventHandler
    void on(DocumentEvent event, @SequenceNumber long sequence) {
        String id = event.documentId();
        long version = sequence + 1;
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> applied(id, version));
        } else {
            applied(id, version);
        }
    }

    void applied(String id, long version) {
        Set<Waiter> waiting = waiters.get(id);
        if (waiting != null) {
            waiting.stream().filter(w -> w.version() <= version).forEach(w -> w.reached().complete(null));
        }
    }

    @Override
    public boolean awaitDocumentVersion(String documentId, long version) {
        Waiter waiter = new Waiter(version, new CompletableFuture<>());
        waiters.computeIfAbsent(documentId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(documentId, version)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("Read model did not reach version {} of document {} within {}", version, documentId,
                            timeout);
                    return false;
                }
                try {
                    waiter.reached().get(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, RECHECK_MILLIS),
                            TimeUnit.MILLISECONDS);
                    return true;
                } catch (TimeoutException recheck) {
                    // fall through to the database check
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            waiters.computeIfPresent(documentId, (id, set) -> {
                set.remove(waiter);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private boolean reached(String documentId, long version) {
        return readModel.version(documentId).map(current -> current >= version).orElse(false);
    }
}
