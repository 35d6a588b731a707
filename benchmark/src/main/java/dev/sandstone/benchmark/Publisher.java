package dev.sandstone.benchmark;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/** One publisher thread: now and then the owner of a document publishes its current content. */
final class Publisher implements Runnable {

    private final Corpus corpus;
    private final Metrics metrics;
    private final long end;
    private final Duration interval;
    private final Random random;

    Publisher(Corpus corpus, Metrics metrics, long end, Duration interval, Random random) {
        this.corpus = corpus;
        this.metrics = metrics;
        this.end = end;
        this.interval = interval;
        this.random = random;
    }

    @Override
    public void run() {
        // Start at a random point of the first interval, so several publishers do not move in step.
        LockSupport.parkNanos((long) (random.nextDouble() * interval.toNanos()));
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            try {
                publish();
            } catch (RuntimeException e) {
                metrics.error(Operation.PUBLISH, start, e.toString());
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }

    private void publish() {
        Corpus.Doc doc = corpus.pick(random);
        long start = System.nanoTime();
        SandstoneClient.Response published = doc.owner().publish(doc.id());
        if (!published.is(201)) {
            metrics.error(Operation.PUBLISH, start, published.describe());
            return;
        }
        metrics.ok(Operation.PUBLISH, start, System.nanoTime());
        long version = published.body().path("documentVersion").asLong();
        Corpus.Known known = corpus.known(doc.id());
        if (known.version() == version - 1) {
            corpus.saw(doc.id(), version, known.content());
        }
    }
}
