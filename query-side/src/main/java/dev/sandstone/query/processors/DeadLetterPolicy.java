package dev.sandstone.query.processors;

import dev.sandstone.platform.web.DependencyUnavailableException;
import java.io.IOException;
import java.sql.SQLTransientException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Which failures park an event and which stop the processor. A store that is down (Elasticsearch, MongoDB,
 * PostgreSQL) fails every event alike: dead-lettering them all would turn an outage into a pile of dead letters,
 * so those failures propagate and the processor retries the batch with back-off until the store is back. Any other
 * failure is specific to the event (a poison event): it is parked with its whole sequence (the document's later
 * events wait behind it, in order) and the other documents continue.
 */
final class DeadLetterPolicy implements EnqueuePolicy<EventMessage<?>> {

    private static final int CAUSE_MESSAGE_LIMIT = 4096;

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        if (isTransient(cause)) {
            throw cause instanceof RuntimeException runtime ? runtime
                    : new DependencyUnavailableException("A store is unavailable: " + cause.getMessage(), cause);
        }
        return Decisions.enqueue(ThrowableCause.truncated(cause, CAUSE_MESSAGE_LIMIT));
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DependencyUnavailableException || cause instanceof TransientDataAccessException
                    || cause instanceof DataAccessResourceFailureException || cause instanceof SQLTransientException
                    || cause instanceof IOException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
