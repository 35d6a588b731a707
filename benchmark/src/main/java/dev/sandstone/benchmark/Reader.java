package dev.sandstone.benchmark;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/** One reader thread: opens a document as one of its members (four times in five) or lists a user's documents. */
final class Reader implements Runnable {

    private final Corpus corpus;
    private final Metrics metrics;
    private final long end;
    private final Duration think;
    private final Random random;

    Reader(Corpus corpus, Metrics metrics, long end, Duration think, Random random) {
        this.corpus = corpus;
        this.metrics = metrics;
        this.end = end;
        this.think = think;
        this.random = random;
    }

    @Override
    public void run() {
        while (System.nanoTime() < end) {
            boolean readOne = random.nextInt(5) < 4;
            long start = System.nanoTime();
            try {
                if (readOne) {
                    read();
                } else {
                    list();
                }
            } catch (RuntimeException e) {
                metrics.error(readOne ? Operation.READ : Operation.LIST, start, e.toString());
            }
            LockSupport.parkNanos(think.toNanos());
        }
    }

    private void read() {
        Corpus.Doc doc = corpus.pick(random);
        long start = System.nanoTime();
        SandstoneClient.Response read = doc.anyMember(random).get(doc.id());
        if (read.is(200)) {
            metrics.ok(Operation.READ, start, System.nanoTime());
            corpus.saw(doc.id(), read.version(), read.body().path("content").asText());
        } else {
            metrics.error(Operation.READ, start, read.describe());
        }
    }

    private void list() {
        long start = System.nanoTime();
        SandstoneClient.Response page = corpus.anyUser(random).list(0, 20);
        if (page.is(200)) {
            metrics.ok(Operation.LIST, start, System.nanoTime());
        } else {
            metrics.error(Operation.LIST, start, page.describe());
        }
    }
}
