package dev.sandstone.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives a running Sandstone over HTTP with seeded, realistic traffic and reports what it measured.
 *
 * <p>A run: sign in the users, create the documents (some shared with editors), start editors, readers and
 * publishers on platform threads, warm up, measure (sampling every processor's lag meanwhile), let in-flight
 * requests finish, then (given a JDBC URL) measure the physical reference in the same PostgreSQL while the service
 * is idle; then, when asked, seed a search corpus and measure search latency, and replay processors one by one.
 * See docs/benchmarks.md.
 */
public final class LoadGenerator {

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final String SEARCH = "search latency at a large corpus";
    private static final String REPLAY = "replay of the whole event store (events/s)";

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Results results = run(options);
        System.out.println(ResultsReport.markdown(results));
        System.err.println("Results written to " + options.out().toAbsolutePath().resolve("results.json")
                + " and results.md");
    }

    /** Runs the whole benchmark and writes results.json and results.md to {@code options.out()}. */
    public static Results run(Options options) throws Exception {
        Results results = options.referenceOnly() ? referenceOnly(options) : fullRun(options);
        ResultsReport.write(results, options.out());
        return results;
    }

    private static Results fullRun(Options options) throws Exception {
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Metrics metrics = new Metrics();
        TextEdits texts = new TextEdits(options.docSize());

        String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36);
        log("Signing in %d users (%s-u0...) at %s", options.users(), prefix, options.baseUrl());
        List<SandstoneClient> users = new ArrayList<>();
        for (int i = 0; i < options.users(); i++) {
            users.add(SandstoneClient.signIn(options.baseUrl(), prefix + "-u" + i));
        }
        Processors processors = Processors.signIn(options.baseUrl(), prefix + "-admin");
        List<String> known = processors.all().stream().map(Processors.Status::name).toList();
        if (!known.containsAll(options.replay())) {
            throw new IllegalArgumentException("--replay " + String.join(",", options.replay())
                    + ": the service's processors are " + known);
        }
        long setupStart = System.nanoTime();
        Corpus corpus = Corpus.create(options, users, texts, metrics);
        double setupSeconds = seconds(System.nanoTime() - setupStart);
        log("Created %d documents (%d shared) in %.1f s", corpus.size(), corpus.sharedCount(), setupSeconds);

        long start = System.nanoTime();
        long measureFrom = start + options.warmup().toNanos();
        long end = measureFrom + options.duration().toNanos();
        long hardStop = end + Math.max(TimeUnit.SECONDS.toNanos(5), options.duration().toNanos() / 10);
        EditSchedule schedule = new EditSchedule(options.targetRate(), start, measureFrom, end, hardStop);
        metrics.window(measureFrom, end);
        EventStore store = options.jdbcUrl() == null ? null : new EventStore(options.jdbcUrl());
        Long postgresPid = store == null || options.servicePid() == null ? null : store.postmasterPid();
        ResourceMonitor monitor = new ResourceMonitor(options.servicePid(), postgresPid);
        LagSampler lag = new LagSampler(processors, options.lagInterval(), metrics);

        List<Thread> workers = startWorkers(options, corpus, texts, schedule, metrics, end);
        log("Running %s: warm-up %d s, then measuring %d s", describeLoad(options),
                options.warmup().toSeconds(), options.duration().toSeconds());
        parkUntil(measureFrom);
        long mark = store == null ? 0 : store.mark();
        long markedAt = System.nanoTime();
        monitor.start();
        lag.start();
        parkUntil(end);
        ResourceMonitor.Figures resources = monitor.stop();
        Results.LagSampling lagSampling = lag.stop();
        EventStore.Appended appended = store == null ? null : store.appendedSince(mark);
        double appendSeconds = seconds(System.nanoTime() - markedAt);
        for (Thread worker : workers) {
            worker.join();
        }
        log("Load finished; %d edits completed in the window", metrics.editsCompleted());

        PhysicalReference.Figures reference = options.jdbcUrl() == null ? null : reference(options);
        Map<String, String> notMeasured = notMeasured(options, lagSampling);
        Results.Search search = null;
        if (options.searchCorpus() > 0) {
            try {
                search = new SearchBenchmark(options, prefix, processors, store, postgresPid).run();
            } catch (Exception e) {
                log("Search benchmark failed: %s", e);
                notMeasured.put(SEARCH, "failed: " + e.getMessage());
            }
        }
        List<Results.Replay> replays = List.of();
        if (!options.replay().isEmpty()) {
            try {
                replays = new Replays(processors, store, options.replayTimeout()).run(options.replay());
            } catch (Exception e) {
                log("Replays failed: %s", e);
                notMeasured.put(REPLAY, "failed: " + e.getMessage());
            }
        }
        double measured = seconds(end - measureFrom);
        return new Results(startedAt.toString(), options.asMap(), machine(), describeLoad(options),
                round(setupSeconds), round(measured),
                throughput(options, metrics, schedule, measured, appended, appendSeconds, reference),
                operations(metrics, measured),
                readYourWrites(metrics),
                lagSampling,
                resources,
                reference,
                search,
                replays,
                notMeasured,
                metrics.errorSamples());
    }

    private static Results referenceOnly(Options options) throws Exception {
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ResourceMonitor monitor = new ResourceMonitor(null, null);
        monitor.start();
        PhysicalReference.Figures reference = reference(options);
        return new Results(startedAt.toString(), options.asMap(), machine(), "physical reference only", 0, 0,
                null, List.of(), null, null, monitor.stop(), reference, null, List.of(), Map.of(), List.of());
    }

    private static PhysicalReference.Figures reference(Options options) throws Exception {
        log("Physical reference: %d threads, %d ms per mode", options.referenceThreads(),
                options.referenceDuration().toMillis());
        return new PhysicalReference(options.jdbcUrl()).measure(options.referenceDuration(), options.referenceThreads());
    }

    private static List<Thread> startWorkers(Options options, Corpus corpus, TextEdits texts, EditSchedule schedule,
                                             Metrics metrics, long end) {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < options.editors(); i++) {
            workers.add(new Thread(new Editor(corpus, texts, schedule, metrics, options.rywFraction(),
                    random(options, 1, i)), "editor-" + i));
        }
        for (int i = 0; i < options.readers(); i++) {
            workers.add(new Thread(new Reader(corpus, metrics, end, options.readerThink(), random(options, 2, i)),
                    "reader-" + i));
        }
        for (int i = 0; i < options.publishers(); i++) {
            workers.add(new Thread(new Publisher(corpus, metrics, end, options.publishInterval(),
                    random(options, 3, i)), "publisher-" + i));
        }
        workers.forEach(Thread::start);
        return workers;
    }

    /** Each worker has its own random stream derived from the seed, so its choices do not depend on timing. */
    private static Random random(Options options, int role, int index) {
        return new Random(options.seed() * 1_000_003L + role * 10_007L + index);
    }

    private static String describeLoad(Options options) {
        String editors = options.targetRate() > 0
                ? "open model, " + plain(options.targetRate()) + " edits/s on a fixed schedule by up to "
                + options.editors() + " editors"
                : "closed model, " + options.editors() + " editors each as fast as it can";
        return editors + ", " + options.readers() + " readers (" + options.readerThink().toMillis()
                + " ms think time), " + options.publishers() + " publisher(s) (every "
                + options.publishInterval().toMillis() + " ms)";
    }

    private static Results.Throughput throughput(Options options, Metrics metrics, EditSchedule schedule,
                                                 double measured, EventStore.Appended appended, double appendSeconds,
                                                 PhysicalReference.Figures reference) {
        long edits = metrics.editsCompleted();
        long publishes = metrics.stats(Operation.PUBLISH).ok.sum();
        double eventsPerSecond = appended != null ? appended.events() / appendSeconds : (edits + publishes) / measured;
        String source = appended != null ? "counted in domain_event_entry" : "edits + publishes (no --jdbc-url)";
        return new Results.Throughput(options.targetRate(), schedule.dueInWindow(), schedule.abandoned(), edits,
                round(edits / measured), metrics.stats(Operation.EDIT_REQUEST).conflicts.sum(),
                metrics.editsGivenUp.sum(), publishes, round(eventsPerSecond), source,
                appended == null ? null : appended.avgPayloadBytes(),
                appended == null ? null : appended.avgMetaDataBytes(),
                reference == null ? null : ratio(eventsPerSecond, reference.perRowCommitPerSecond()),
                reference == null ? null : ratio(eventsPerSecond, reference.batchedPerSecond()));
    }

    private static List<Results.OperationResult> operations(Metrics metrics, double measured) {
        List<Results.OperationResult> results = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            Metrics.Stats stats = metrics.stats(operation);
            Histogram h = stats.histogram();
            long ok = stats.ok.sum();
            long conflicts = stats.conflicts.sum();
            long errors = stats.errors.sum();
            if (ok + conflicts + errors == 0 && operation.isSetup()) {
                continue;
            }
            boolean timed = h.getTotalCount() > 0;
            results.add(new Results.OperationResult(operation.key(), operation.label(), ok, conflicts, errors,
                    operation.isSetup() ? 0 : round((ok + conflicts) / measured),
                    timed ? millis(h.getValueAtPercentile(50)) : null,
                    timed ? millis(h.getValueAtPercentile(95)) : null,
                    timed ? millis(h.getValueAtPercentile(99)) : null,
                    timed ? millis(h.getMaxValue()) : null));
        }
        return results;
    }

    private static Results.ReadYourWrites readYourWrites(Metrics metrics) {
        Metrics.Stats stats = metrics.stats(Operation.READ_YOUR_WRITES);
        long checks = stats.ok.sum() + stats.errors.sum();
        long stale = metrics.staleReads.sum();
        return new Results.ReadYourWrites(checks, stale, checks > 0 && stale == 0 && stats.errors.sum() == 0);
    }

    private static Map<String, String> notMeasured(Options options, Results.LagSampling lag) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (lag.rounds() == lag.failedRounds()) {
            missing.put("projection lag per processing group", "not measured (every sample of "
                    + "GET /api/admin/processors failed; see the errors)");
        }
        if (options.searchCorpus() == 0) {
            missing.put(SEARCH, "not measured (give --search-corpus 100000)");
        }
        if (options.replay().isEmpty()) {
            missing.put(REPLAY, "not measured (give --replay documents,search,audit)");
        }
        if (options.servicePid() == null) {
            missing.put("memory (RSS) and CPU of the service", "not measured (give --service-pid)");
        }
        if (options.jdbcUrl() == null) {
            missing.put("physical reference and counted event appends", "not measured (give --jdbc-url)");
        }
        return missing;
    }

    private static Results.Machine machine() {
        return new Results.Machine(Runtime.getRuntime().availableProcessors(),
                procField(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU"),
                procField(Path.of("/proc/meminfo"), "MemTotal")
                        .map(kib -> Long.parseLong(kib.replaceAll("\\D", "")) / 1024).orElse(0L),
                System.getProperty("java.version"));
    }

    private static Optional<String> procField(Path file, String name) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(name))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void parkUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static double seconds(long nanos) {
        return nanos / (double) NANOS_PER_SECOND;
    }

    static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double ratio(double ours, double reference) {
        return reference > 0 ? Math.round(ours / reference * 10_000) / 10_000.0 : 0;
    }

    static void log(String format, Object... args) {
        System.err.println("[benchmark] " + String.format(Locale.ROOT, format, args));
    }

    /** A number in prose, without a trailing ".0". */
    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
