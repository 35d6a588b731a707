package dev.sandstone.platform.resilience;

import dev.sandstone.platform.web.DependencyUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The calls of one store's adapter, as its decorator makes them: each one timed
 * ({@value #METRIC}{@code {store, operation, outcome}}), and, for an optional store, behind its circuit breaker and
 * retried with back-off when it may be repeated. Made by {@link StoreResilience}.
 * <p>
 * <b>What counts as a failure.</b> Adapters already tell outages from other errors: a store that cannot be reached,
 * times out or answers 5xx/429 throws a {@link DependencyUnavailableException}. Only those are recorded by the
 * breaker and retried. Anything else (not found, a rejected request, a duplicate key, a bug) is the store answering:
 * it passes through untouched and counts as a successful call for the breaker.
 * <p>
 * <b>An open breaker</b> fails a call at once, without touching the store, with the exception the decorator chose
 * (a {@link DependencyUnavailableException}: HTTP answers 503 with {@code Retry-After}, event processors back off and
 * retry instead of parking the event).
 * <p>
 * <b>Retries</b> (of repeatable calls only) follow a transient failure that was quick: a time-out is not retried, as
 * the client already waited as long as it may ({@link #isWorthRetrying}).
 * <p>
 * Outcomes: {@code success}; {@code failure} (transient, counted by the breaker); {@code rejected} (the breaker was
 * open); {@code error} (any other exception). A call is timed once, retries and back-off included.
 */
public final class StoreCalls {

    public static final String METRIC = "sandstone.store.calls";

    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Function<? super CallNotPermittedException, ? extends DependencyUnavailableException> whenOpen;
    private final Meter.MeterProvider<Timer> timers;

    StoreCalls(String store, CircuitBreaker breaker, Retry retry,
               Function<? super CallNotPermittedException, ? extends DependencyUnavailableException> whenOpen,
               MeterRegistry meters) {
        this.breaker = breaker;
        this.retry = retry;
        this.whenOpen = whenOpen;
        this.timers = Timer.builder(METRIC)
                .description("Calls of a store adapter, retries included, by operation and outcome")
                .tag("store", store)
                .publishPercentileHistogram()
                .withRegistry(meters);
    }

    /** A call that may run more than once with the same effect: a read, or a write keyed so that it is idempotent. */
    public <T> T idempotent(String operation, Supplier<T> call) {
        return execute(operation, true, call);
    }

    /** {@link #idempotent(String, Supplier)} for a call without result. */
    public void idempotent(String operation, Runnable call) {
        execute(operation, true, asSupplier(call));
    }

    /** A call that must not be repeated behind its caller's back: behind the breaker, never retried. */
    public <T> T once(String operation, Supplier<T> call) {
        return execute(operation, false, call);
    }

    /** {@link #once(String, Supplier)} for a call without result. */
    public void once(String operation, Runnable call) {
        execute(operation, false, asSupplier(call));
    }

    /**
     * Whether a failure is worth another attempt: transient, but not a time-out. A call that timed out has already
     * waited as long as the store's client allows (a MongoDB server selection, an Elasticsearch socket time-out);
     * repeating it would multiply that wait, while a refused or reset connection or a 503 fails fast and often
     * passes a moment later.
     */
    public static boolean isWorthRetrying(Throwable failure) {
        return isTransient(failure) && !anyCause(failure, cause -> cause instanceof InterruptedIOException
                || cause instanceof TimeoutException || cause.getClass().getSimpleName().endsWith("TimeoutException"));
    }

    /** Whether a failure means the store is unavailable (for now), as opposed to an answer of the store. */
    public static boolean isTransient(Throwable failure) {
        return anyCause(failure, cause -> cause instanceof DependencyUnavailableException);
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }

    private <T> T execute(String operation, boolean repeatable, Supplier<T> call) {
        Supplier<T> decorated = call;
        if (breaker != null) {
            decorated = CircuitBreaker.decorateSupplier(breaker, decorated);
        }
        if (repeatable && retry != null) {
            decorated = Retry.decorateSupplier(retry, decorated);
        }
        String outcome = "error";
        long started = System.nanoTime();
        try {
            T result = decorated.get();
            outcome = "success";
            return result;
        } catch (CallNotPermittedException e) {
            outcome = "rejected";
            throw whenOpen.apply(e);
        } catch (RuntimeException e) {
            outcome = isTransient(e) ? "failure" : "error";
            throw e;
        } finally {
            timers.withTags("operation", operation, "outcome", outcome)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private static Supplier<Void> asSupplier(Runnable call) {
        return () -> {
            call.run();
            return null;
        };
    }
}
