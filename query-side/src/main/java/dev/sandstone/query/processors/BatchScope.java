package dev.sandstone.query.processors;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * State a projection keeps for one processor batch: made on the first event of the batch that asks for it, and
 * written by {@code flush} once, when the batch prepares its commit (inside the batch's transaction, before the
 * token moves). A rolled-back batch leaves it behind unwritten. The projections that coalesce or batch their writes
 * (documents, history, search, audit) share this one mechanism.
 */
public final class BatchScope {

    private BatchScope() {
    }

    /**
     * This batch's state under {@code key}, or null outside a unit of work (a handler called directly), where the
     * caller writes at once.
     */
    public static <T> T current(String key, Supplier<T> create, Consumer<T> flush) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(key, ignored -> {
            T state = create.get();
            batch.onPrepareCommit(done -> flush.accept(state));
            return state;
        });
    }
}
