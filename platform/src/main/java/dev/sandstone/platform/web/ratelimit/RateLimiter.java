package dev.sandstone.platform.web.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether one request may go ahead: first against its caller's token bucket for the request's kind, then
 * against the instance's global bucket. The caller's bucket comes first, so a caller already over its own limit
 * spends none of the global budget the other callers need; a request the global bucket refuses gives its caller's
 * token back.
 *
 * <p>Callers' buckets live in a size-bounded map that forgets a caller once it has been idle long enough for its
 * buckets to be full again: forgetting it then changes nothing, and memory stays bounded whatever the traffic.
 */
public final class RateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Reads (safe methods) and writes have separate budgets. */
    public enum Kind {
        READ, WRITE;

        public static Kind of(String method) {
            return switch (method) {
                case "GET", "HEAD", "OPTIONS" -> READ;
                default -> WRITE;
            };
        }

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        private String plural() {
            return tag() + "s";
        }
    }

    /** Which limit refused a request: the caller's own, or the instance's. */
    public enum Scope {
        USER, GLOBAL;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Who is asking: an authenticated user, or the client address of an anonymous call. */
    public record Caller(String key, String per) {

        public static Caller user(String userId) {
            return new Caller("user:" + userId, "per user");
        }

        public static Caller address(String address) {
            return new Caller("address:" + address, "per client address");
        }
    }

    /** A refused request: what refused it, when to come back and the sentence that tells the client. */
    public record Rejection(Scope scope, Kind kind, long retryAfterSeconds, String detail) {
    }

    private record CallerBuckets(Bucket reads, Bucket writes) {
        Bucket of(Kind kind) {
            return kind == Kind.READ ? reads : writes;
        }
    }

    private final RateLimitProperties limits;
    private final TimeMeter clock;
    private final Bandwidth reads;
    private final Bandwidth writes;
    private final Bucket global;
    private final Cache<String, CallerBuckets> callers;

    public RateLimiter(RateLimitProperties limits) {
        this(limits, TimeMeter.SYSTEM_NANOTIME);
    }

    RateLimiter(RateLimitProperties limits, TimeMeter clock) {
        this.limits = limits;
        this.clock = clock;
        this.reads = bandwidth(limits.userReadsPerSecond(), limits.userReadBurst());
        this.writes = bandwidth(limits.userWritesPerSecond(), limits.userWriteBurst());
        this.global = bucket(bandwidth(limits.globalPerSecond(), limits.globalBurst()));
        this.callers = Caffeine.newBuilder()
                .maximumSize(limits.maxCallers())
                .expireAfterAccess(Duration.ofSeconds(Math.max(
                        secondsToFill(limits.userReadBurst(), limits.userReadsPerSecond()),
                        secondsToFill(limits.userWriteBurst(), limits.userWritesPerSecond()))))
                .ticker(clock::currentTimeNanos)
                .build();
    }

    /** Takes one token for this request, or says why not. */
    public Optional<Rejection> tryAcquire(Caller caller, Kind kind) {
        Bucket own = callers.get(caller.key(), key -> new CallerBuckets(bucket(reads), bucket(writes))).of(kind);
        ConsumptionProbe ownProbe = own.tryConsumeAndReturnRemaining(1);
        if (!ownProbe.isConsumed()) {
            long retryAfter = retryAfterSeconds(ownProbe);
            long rate = kind == Kind.READ ? limits.userReadsPerSecond() : limits.userWritesPerSecond();
            long burst = kind == Kind.READ ? limits.userReadBurst() : limits.userWriteBurst();
            return Optional.of(new Rejection(Scope.USER, kind, retryAfter, "Too many " + kind.plural()
                    + ": at most " + rate + " per second " + caller.per() + " (bursts of " + burst
                    + "); retry after " + retryAfter + " s"));
        }
        ConsumptionProbe globalProbe = global.tryConsumeAndReturnRemaining(1);
        if (!globalProbe.isConsumed()) {
            own.addTokens(1);
            long retryAfter = retryAfterSeconds(globalProbe);
            return Optional.of(new Rejection(Scope.GLOBAL, kind, retryAfter,
                    "The service is at its limit of " + limits.globalPerSecond()
                            + " requests per second across all callers; retry after " + retryAfter + " s"));
        }
        return Optional.empty();
    }

    /** Callers whose buckets are held now, once pending evictions are done. */
    long trackedCallers() {
        callers.cleanUp();
        return callers.estimatedSize();
    }

    private Bucket bucket(Bandwidth bandwidth) {
        return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(clock).build();
    }

    private static Bandwidth bandwidth(long perSecond, long burst) {
        return Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build();
    }

    /** An emptied bucket is full again after burst / rate seconds (at least one). */
    private static long secondsToFill(long burst, long perSecond) {
        return Math.max(1, -Math.floorDiv(-burst, perSecond));
    }

    /** Whole seconds, rounded up, and never 0: a client told to retry at once would only be refused again. */
    private static long retryAfterSeconds(ConsumptionProbe probe) {
        return Math.max(1, -Math.floorDiv(-probe.getNanosToWaitForRefill(), NANOS_PER_SECOND));
    }
}
