package dev.sandstone.benchmark;

import static dev.sandstone.benchmark.LoadGenerator.log;
import static dev.sandstone.benchmark.LoadGenerator.millis;
import static dev.sandstone.benchmark.LoadGenerator.parkUntil;
import static dev.sandstone.benchmark.LoadGenerator.round;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Search latency at a corpus size: seeds {@code --search-corpus} documents through the service's own HTTP API
 * (concurrent creates, so every event is encrypted, stored and projected as in production), waits until every
 * processor has caught up, then runs a few searchers for {@code --search-duration}. Each search is one of four
 * kinds ({@link SearchCorpus.Kind}), drawn from a seeded document, made either by the document's owner (who sees
 * only their own documents) or by an admin (who sees all of them).
 */
final class SearchBenchmark {

    private static final int MAX_ATTEMPTS = 8;
    private static final int PAGE = 20;
    private static final Duration PROGRESS = Duration.ofSeconds(10);
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(30);
    private static final int MAX_ERROR_SAMPLES = 10;

    /** Who searches: the document's owner, or an admin who may view everything. */
    enum Viewer {
        OWNER("owner (own documents)"),
        ADMIN("admin (all documents)");

        private final String label;

        Viewer(String label) {
            this.label = label;
        }
    }

    /** Latencies and outcomes of one kind of search by one kind of viewer. */
    private static final class Bucket {
        final Recorder latencies = new Recorder(3);
        final Recorder serviceMillis = new Recorder(3);
        final LongAdder searches = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder hits = new LongAdder();
        final LongAdder zeroHits = new LongAdder();
    }

    private final Options options;
    private final String prefix;
    private final Processors processors;
    private final EventStore store;
    private final Long postgresPid;
    private final Queue<String> errorSamples = new ConcurrentLinkedQueue<>();

    /**
     * @param store       the service's tables, or null without a JDBC URL
     * @param postgresPid the service's PostgreSQL, for the CPU figures of the search window; null when unknown
     */
    SearchBenchmark(Options options, String prefix, Processors processors, EventStore store, Long postgresPid) {
        this.options = options;
        this.prefix = prefix;
        this.processors = processors;
        this.store = store;
        this.postgresPid = postgresPid;
    }

    Results.Search run() throws Exception {
        int size = options.searchCorpus();
        SearchCorpus corpus = new SearchCorpus(options.seed(), options.searchDocSize(), options.searchUsers());
        log("Search corpus: signing in %d users (%s-s0...)", options.searchUsers(), prefix);
        List<SandstoneClient> users = new ArrayList<>();
        for (int i = 0; i < options.searchUsers(); i++) {
            users.add(SandstoneClient.signIn(options.baseUrl(), prefix + "-s" + i));
        }

        long mark = store == null ? 0 : store.mark();
        Seeding seeding = seed(corpus, users, size);
        EventStore.Appended appended = store == null ? null : store.appendedSince(mark);
        log("Seeded %d documents in %.1f s (%.1f/s, %d retries); waiting for the processors", seeding.created,
                seconds(seeding.nanos), seeding.created / seconds(seeding.nanos), seeding.retries);
        double[] caughtUp = awaitProcessors(seeding.lastCreated);
        log("Search caught up %.1f s and every processor %.1f s after the last create", caughtUp[0], caughtUp[1]);
        Long indexed = store == null ? null : store.searchDocuments();

        Map<String, Bucket> buckets = new LinkedHashMap<>();
        for (SearchCorpus.Kind kind : SearchCorpus.Kind.values()) {
            for (Viewer viewer : Viewer.values()) {
                buckets.put(kind + "/" + viewer, new Bucket());
            }
        }
        Duration warmup = options.searchDuration().dividedBy(10);
        log("Searching: %d searchers, %d ms think time, %.1f s warm-up then %.1f s measured",
                options.searchers(), options.searchThink().toMillis(), warmup.toMillis() / 1000.0,
                options.searchDuration().toMillis() / 1000.0);
        ResourceMonitor monitor = new ResourceMonitor(options.servicePid(), postgresPid);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + options.searchDuration().toNanos();
        List<Thread> searchers = new ArrayList<>();
        for (int i = 0; i < options.searchers(); i++) {
            SandstoneClient admin = SandstoneClient.signIn(options.baseUrl(), prefix + "-search-admin" + i,
                    List.of("admin"));
            Random random = new Random(options.seed() * 1_000_003L + 4 * 10_007L + i);
            searchers.add(new Thread(() -> search(corpus, (int) seeding.created, users, admin, random, buckets,
                    measureFrom, end), "searcher-" + i));
        }
        searchers.forEach(Thread::start);
        parkUntil(measureFrom);
        monitor.start();
        parkUntil(end);
        ResourceMonitor.Figures resources = monitor.stop();
        for (Thread searcher : searchers) {
            searcher.join();
        }
        double measured = seconds(end - measureFrom);
        List<Results.SearchQueries> rows = rows(buckets);
        long searches = rows.get(rows.size() - 1).searches();
        log("%d searches in %.1f s", searches, measured);

        Histogram creates = seeding.latencies;
        boolean timed = creates.getTotalCount() > 0;
        return new Results.Search(size, seeding.created, indexed, options.searchDocSize(), options.searchUsers(),
                options.seeders(), round(seconds(seeding.nanos)), round(seeding.created / seconds(seeding.nanos)),
                appended == null ? null : appended.events(),
                appended == null ? null : round(appended.events() / seconds(seeding.nanos)),
                appended == null ? null : appended.avgPayloadBytes(),
                timed ? millis(creates.getValueAtPercentile(50)) : null,
                timed ? millis(creates.getValueAtPercentile(99)) : null,
                seeding.retries, round(caughtUp[0]), round(caughtUp[1]), options.searchers(),
                options.searchThink().toMillis(), round(warmup.toMillis() / 1000.0), round(measured),
                round(searches / measured), rows, resources, new ArrayList<>(errorSamples));
    }

    /** @param nanos from the first create until the last one was answered */
    private record Seeding(long created, long nanos, long lastCreated, long retries, Histogram latencies) {
    }

    /** Creates documents 0..size-1 on {@code --seeders} threads, each by its owner, as fast as the service allows. */
    private Seeding seed(SearchCorpus corpus, List<SandstoneClient> users, int size) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong created = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        Recorder latencies = new Recorder(3);
        ExecutorService pool = Executors.newFixedThreadPool(options.seeders());
        long start = System.nanoTime();
        List<Future<?>> seeders = new ArrayList<>();
        for (int s = 0; s < options.seeders(); s++) {
            seeders.add(pool.submit(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < size; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        retries.addAndGet(create(corpus.document(i), i, users));
                        latencies.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
                        created.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    next.set(size);
                    throw e;
                }
                return null;
            }));
        }
        pool.shutdown();
        long lastLog = start;
        while (!pool.awaitTermination(100, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() - lastLog >= PROGRESS.toNanos()) {
                lastLog = System.nanoTime();
                log("  %d of %d documents created (%.1f/s), search lag %s", created.get(), size,
                        created.get() / seconds(lastLog - start), searchLag());
            }
        }
        long lastCreated = System.nanoTime();
        for (Future<?> seeder : seeders) {
            try {
                seeder.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Seeding the search corpus failed after " + created.get()
                        + " documents: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return new Seeding(created.get(), lastCreated - start, lastCreated, retries.get(),
                latencies.getIntervalHistogram());
    }

    /**
     * One create, retried with the same {@code Idempotency-Key} (so never twice) when the service is busy (429, 503)
     * or the connection failed. Returns the number of retries.
     */
    private int create(SearchCorpus.Document document, int index, List<SandstoneClient> users) {
        SandstoneClient owner = users.get(document.owner());
        String key = prefix + "-seed-" + index;
        String last = "";
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SandstoneClient.Response response = owner.create(document.title(), document.content(),
                    List.of(document.tag()), key);
            if (response.is(201)) {
                return attempt;
            }
            last = response.describe();
            if (response.status() != 0 && response.status() != 429 && response.status() < 500) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100L << Math.min(attempt, 4)));
        }
        throw new IllegalStateException("Cannot create search document " + index + ": " + last);
    }

    private String searchLag() {
        try {
            return processors.one("search").lagEvents() + " events";
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * Polls every 100 ms until every processor's lag is 0. Returns the seconds from {@code since} until the search
     * processor and until all of them had caught up.
     */
    private double[] awaitProcessors(long since) {
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        double search = -1;
        long lastLog = System.nanoTime();
        while (true) {
            List<Processors.Status> statuses = processors.all();
            long now = System.nanoTime();
            if (search < 0 && statuses.stream().anyMatch(s -> s.name().equals("search") && s.lagEvents() == 0)) {
                search = seconds(now - since);
            }
            if (statuses.stream().allMatch(s -> s.lagEvents() == 0)) {
                return new double[] {Math.max(search, 0), seconds(now - since)};
            }
            if (now > deadline) {
                throw new IllegalStateException("The processors did not catch up within " + CATCH_UP_LIMIT
                        + " after seeding: " + statuses);
            }
            if (now - lastLog >= PROGRESS.toNanos()) {
                lastLog = now;
                log("  lag: %s", statuses.stream().map(s -> s.name() + " " + s.lagEvents()).toList());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private void search(SearchCorpus corpus, int documents, List<SandstoneClient> users, SandstoneClient admin,
                        Random random, Map<String, Bucket> buckets, long measureFrom, long end) {
        SearchCorpus.Kind[] kinds = SearchCorpus.Kind.values();
        while (System.nanoTime() < end) {
            SearchCorpus.Document document = corpus.document(random.nextInt(documents));
            SearchCorpus.Kind kind = kinds[random.nextInt(kinds.length)];
            Viewer viewer = random.nextBoolean() ? Viewer.OWNER : Viewer.ADMIN;
            SearchCorpus.Query query = SearchCorpus.query(kind, document, random);
            SandstoneClient client = viewer == Viewer.OWNER ? users.get(document.owner()) : admin;
            long start = System.nanoTime();
            SandstoneClient.Response response = client.search(query.text(), PAGE);
            long done = System.nanoTime();
            if (start >= measureFrom && start < end) {
                Bucket bucket = buckets.get(kind + "/" + viewer);
                if (response.is(200)) {
                    long total = response.body().path("total").asLong();
                    bucket.searches.increment();
                    bucket.latencies.recordValue(Math.max(1, (done - start) / 1_000));
                    bucket.serviceMillis.recordValue(Math.max(0, response.body().path("tookMs").asLong()));
                    bucket.hits.add(total);
                    if (total == 0) {
                        bucket.zeroHits.increment();
                    }
                } else {
                    bucket.errors.increment();
                    if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                        errorSamples.add("search " + query.text() + ": " + response.describe());
                    }
                }
            }
            LockSupport.parkNanos(options.searchThink().toNanos());
        }
    }

    /** One row per kind and viewer, then one over all searches. */
    private static List<Results.SearchQueries> rows(Map<String, Bucket> buckets) {
        List<Results.SearchQueries> rows = new ArrayList<>();
        Histogram all = new Histogram(3);
        Histogram allService = new Histogram(3);
        long searches = 0;
        long errors = 0;
        long hits = 0;
        long zero = 0;
        for (SearchCorpus.Kind kind : SearchCorpus.Kind.values()) {
            for (Viewer viewer : Viewer.values()) {
                Bucket b = buckets.get(kind + "/" + viewer);
                Histogram latencies = b.latencies.getIntervalHistogram();
                Histogram service = b.serviceMillis.getIntervalHistogram();
                all.add(latencies);
                allService.add(service);
                searches += b.searches.sum();
                errors += b.errors.sum();
                hits += b.hits.sum();
                zero += b.zeroHits.sum();
                rows.add(row(kind.label(), viewer.label, b.searches.sum(), b.errors.sum(), b.hits.sum(),
                        b.zeroHits.sum(), latencies, service));
            }
        }
        rows.add(row("all searches", "both", searches, errors, hits, zero, all, allService));
        return rows;
    }

    private static Results.SearchQueries row(String kind, String viewer, long searches, long errors, long hits,
                                             long zeroHits, Histogram latencies, Histogram service) {
        boolean timed = latencies.getTotalCount() > 0;
        return new Results.SearchQueries(kind, viewer, searches, errors,
                searches == 0 ? 0 : round((double) hits / searches), zeroHits,
                timed ? millis(latencies.getValueAtPercentile(50)) : null,
                timed ? millis(latencies.getValueAtPercentile(95)) : null,
                timed ? millis(latencies.getValueAtPercentile(99)) : null,
                timed ? millis(latencies.getMaxValue()) : null,
                timed ? (double) service.getValueAtPercentile(50) : null,
                timed ? (double) service.getValueAtPercentile(99) : null);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
