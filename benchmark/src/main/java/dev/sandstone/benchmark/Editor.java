package dev.sandstone.benchmark;

import java.time.Duration;
import java.util.Random;

/**
 * One editor thread: takes the next due edit, changes a word of a document as one of its members, and sends
 * the whole content with {@code If-Match}. On 412 it re-reads the document and tries again (up to five times).
 * A share of its successful edits is followed by a read-your-writes check from another member's client.
 */
final class Editor implements Runnable {

    private static final int MAX_ATTEMPTS = 5;
    private static final long STALE_LIMIT_NANOS = Duration.ofSeconds(5).toNanos();

    private final Corpus corpus;
    private final TextEdits texts;
    private final EditSchedule schedule;
    private final Metrics metrics;
    private final double rywFraction;
    private final Random random;

    Editor(Corpus corpus, TextEdits texts, EditSchedule schedule, Metrics metrics, double rywFraction, Random random) {
        this.corpus = corpus;
        this.texts = texts;
        this.schedule = schedule;
        this.metrics = metrics;
        this.rywFraction = rywFraction;
        this.random = random;
    }

    @Override
    public void run() {
        for (long due = schedule.nextStart(); due >= 0; due = schedule.nextStart()) {
            try {
                edit(due);
            } catch (RuntimeException e) {
                metrics.error(Operation.EDIT, due, e.toString());
            }
        }
    }

    private void edit(long due) {
        Corpus.Doc doc = corpus.pick(random);
        SandstoneClient user = doc.anyMember(random);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Corpus.Known known = corpus.known(doc.id());
            String content = texts.change(known.content(), random);
            long sent = System.nanoTime();
            SandstoneClient.Response response = user.editContent(doc.id(), content, known.version());
            long answered = System.nanoTime();
            if (response.is(200)) {
                metrics.ok(Operation.EDIT_REQUEST, sent, answered);
                metrics.ok(Operation.EDIT, due, answered);
                metrics.editCompleted(answered);
                corpus.saw(doc.id(), response.version(), content);
                if (random.nextDouble() < rywFraction) {
                    checkReadYourWrites(doc, user, response.version(), answered);
                }
                return;
            }
            if (!response.is(412)) {
                metrics.error(Operation.EDIT_REQUEST, sent, response.describe());
                metrics.error(Operation.EDIT, due, response.describe());
                return;
            }
            metrics.conflict(Operation.EDIT_REQUEST, sent, answered);
            if (!reread(doc, user)) {
                metrics.error(Operation.EDIT, due, "re-read after 412 failed");
                return;
            }
        }
        if (metrics.counts(Operation.EDIT, due)) {
            metrics.editsGivenUp.increment();
        }
    }

    private boolean reread(Corpus.Doc doc, SandstoneClient user) {
        long sent = System.nanoTime();
        SandstoneClient.Response read = user.get(doc.id());
        if (!read.is(200)) {
            metrics.error(Operation.REREAD, sent, read.describe());
            return false;
        }
        metrics.ok(Operation.REREAD, sent, System.nanoTime());
        corpus.saw(doc.id(), read.version(), read.body().path("content").asText());
        return true;
    }

    /** Times from the edit's 200 until another member's GET returns that version (one GET when all is well). */
    private void checkReadYourWrites(Corpus.Doc doc, SandstoneClient editor, long version, long answered) {
        SandstoneClient other = doc.otherThan(editor, random);
        if (other == null) {
            return;
        }
        while (true) {
            SandstoneClient.Response read = other.get(doc.id());
            long now = System.nanoTime();
            if (!read.is(200)) {
                metrics.error(Operation.READ_YOUR_WRITES, answered, read.describe());
                return;
            }
            if (read.version() >= version) {
                metrics.ok(Operation.READ_YOUR_WRITES, answered, now);
                corpus.saw(doc.id(), read.version(), read.body().path("content").asText());
                return;
            }
            if (metrics.counts(Operation.READ_YOUR_WRITES, answered)) {
                metrics.staleReads.increment();
            }
            if (now - answered > STALE_LIMIT_NANOS) {
                metrics.error(Operation.READ_YOUR_WRITES, answered,
                        "version " + version + " still not visible to another user after 5 s");
                return;
            }
        }
    }
}
