package dev.sandstone.benchmark;

import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, as written to results.json. Figures that were not measured are null and named
 * in {@code notMeasured} with the reason (with {@code --reference-only}, everything but the reference is null).
 */
public record Results(
        String startedAt,
        Map<String, Object> settings,
        Machine machine,
        String loadModel,
        double setupSeconds,
        double measuredSeconds,
        Throughput throughput,
        List<OperationResult> operations,
        ReadYourWrites readYourWrites,
        LagSampling processorLag,
        ResourceMonitor.Figures resources,
        PhysicalReference.Figures physicalReference,
        Search search,
        List<Replay> replays,
        Map<String, String> notMeasured,
        List<String> errorSamples) {

    /** Where the run happened. */
    public record Machine(int cores, String cpu, long memoryMiB, String java) {
    }

    /**
     * Edits and events per second over the measured window, and the event-append rate as a share of the
     * physical reference (null without one).
     *
     * @param editsDue       open model: edits due on the schedule in the window (0 in the closed model)
     * @param editsAbandoned open model: of those, edits that never started because the service fell behind
     * @param editsCompleted edits that succeeded (200) inside the window; {@code editsPerSecond} is based on them
     * @param editConflicts  412 answers to edit requests
     * @param editsGivenUp   edits that met a 412 five times in a row
     * @param eventsSource   how {@code eventsAppendedPerSecond} was obtained
     */
    public record Throughput(double targetRate, long editsDue, long editsAbandoned, long editsCompleted,
                             double editsPerSecond, long editConflicts, long editsGivenUp, long publishes,
                             double eventsAppendedPerSecond, String eventsSource, Double avgPayloadBytes,
                             Double avgMetaDataBytes, Double shareOfPerRowCommit, Double shareOfBatched) {

        /** Open model: no due edit was abandoned and at least 95 % of the target rate completed. */
        public boolean rateSustained() {
            return editsAbandoned == 0 && editsPerSecond >= 0.95 * targetRate;
        }
    }

    /** One operation over the measured window; latencies in milliseconds, null when nothing was timed. */
    public record OperationResult(String operation, String description, long ok, long conflicts, long errors,
                                  double perSecond, Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs) {
    }

    /**
     * @param checks     edits checked from another member's client
     * @param staleReads GETs that still showed an older version (0 when every check took one GET)
     */
    public record ReadYourWrites(long checks, long staleReads, boolean oneGetEach) {
    }

    /**
     * Processor lag sampled through the admin endpoint during the measured window.
     *
     * @param rounds       samples taken (each one covers every processor)
     * @param failedRounds samples whose request failed
     */
    public record LagSampling(long intervalMillis, int rounds, int failedRounds, List<ProcessorLag> processors) {
    }

    /** One processor's lag over the samples; seconds are null when the service never knew the age. */
    public record ProcessorLag(String processor, int samples, long lagEventsP50, long lagEventsP99, long lagEventsMax,
                               Double lagSecondsP50, Double lagSecondsP99, Double lagSecondsMax) {
    }

    /**
     * The search benchmark: a corpus seeded through the service, then searches by a few concurrent searchers.
     *
     * @param documentsInIndex      rows of the PostgreSQL search index after seeding (earlier runs' documents
     *                              included); null without a JDBC URL or with another adapter
     * @param eventsAppended        events counted in domain_event_entry during seeding; null without a JDBC URL
     * @param caughtUpSeconds       from the last create until every processor's lag was 0
     * @param searchCaughtUpSeconds from the last create until the search processor's lag was 0
     */
    public record Search(int documentsRequested, long documentsCreated, Long documentsInIndex, int docSize,
                         int users, int seeders, double seedingSeconds, double createsPerSecond,
                         Long eventsAppended, Double eventsAppendedPerSecond, Double avgPayloadBytes,
                         Double createP50Ms, Double createP99Ms, long createRetries,
                         double searchCaughtUpSeconds, double caughtUpSeconds,
                         int searchers, long thinkMillis, double warmupSeconds, double measuredSeconds,
                         double searchesPerSecond, List<SearchQueries> queries, ResourceMonitor.Figures resources,
                         List<String> errorSamples) {
    }

    /**
     * Searches of one kind by one kind of viewer; latencies in milliseconds as the client saw them, and as the
     * service's own {@code tookMs} (the query alone, without HTTP, security and serialisation).
     */
    public record SearchQueries(String kind, String viewer, long searches, long errors, double meanHits,
                                long zeroHits, Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs,
                                Double serviceP50Ms, Double serviceP99Ms) {
    }

    /**
     * One processor replayed from the start of the event store, timed from the request until its lag was 0 and
     * every segment had caught up.
     *
     * @param eventsSource how {@code events} was obtained (counted in the table, or the head's global index)
     * @param finished     false when it had not caught up within the time limit
     */
    public record Replay(String processor, long events, String eventsSource, double seconds, double eventsPerSecond,
                         boolean finished) {
    }

    /** Edits that succeeded in the window. */
    public long editsOk() {
        return throughput == null ? 0 : throughput.editsCompleted();
    }

    /** Failed requests of every kind in the window (412 answers are conflicts, not errors). */
    public long errors() {
        return operations.stream().mapToLong(OperationResult::errors).sum();
    }
}
