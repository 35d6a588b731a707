package dev.sandstone.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run's results as results.json and as a Markdown table (results.md). */
final class ResultsReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsReport() {
    }

    static void write(Results results, Path directory) throws IOException {
        Files.createDirectories(directory);
        JSON.writeValue(directory.resolve("results.json").toFile(), results);
        Files.writeString(directory.resolve("results.md"), markdown(results));
    }

    static String markdown(Results r) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> s = r.settings();
        md.append("## Sandstone benchmark, ").append(r.startedAt()).append("\n\n");
        if (r.throughput() == null) {
            md.append("Physical reference only (no HTTP traffic).\n");
        } else {
            md.append("Load: ").append(r.loadModel()).append("; ").append(s.get("documents"))
                    .append(" documents of ").append(s.get("docSize")).append(" characters, ").append(s.get("users"))
                    .append(" users; seed ").append(s.get("seed")).append("; warm-up ").append(s.get("warmupSeconds"))
                    .append(" s, measured ").append(fmt(r.measuredSeconds())).append(" s (setup took ")
                    .append(fmt(r.setupSeconds())).append(" s).\n");
        }
        Results.Machine m = r.machine();
        md.append("Machine: ").append(m.cores()).append(" cores (").append(m.cpu()).append("), ")
                .append(m.memoryMiB()).append(" MiB, Java ").append(m.java()).append(".\n\n");

        Results.Throughput t = r.throughput();
        md.append("| Figure | Value |\n|---|---|\n");
        if (t != null) {
            if (t.targetRate() > 0) {
                row(md, "edits/s completed", fmt(t.editsPerSecond()) + " (target " + fmt(t.targetRate())
                        + (t.rateSustained() ? ", sustained)" : ", NOT sustained)"));
                row(md, "edits due in the window / never started", t.editsDue() + " / " + t.editsAbandoned());
            } else {
                row(md, "edits/s completed", fmt(t.editsPerSecond()) + " (as fast as possible)");
            }
            row(md, "edits ok / 412 answers / given up after five 412s", t.editsCompleted() + " / "
                    + t.editConflicts() + " / " + t.editsGivenUp());
            row(md, "events appended/s", fmt(t.eventsAppendedPerSecond()) + " (" + t.eventsSource() + ")");
            if (t.avgPayloadBytes() != null) {
                row(md, "stored event size (avg payload / metadata)", fmt(t.avgPayloadBytes()) + " B / "
                        + fmt(t.avgMetaDataBytes()) + " B");
            }
        }
        Results.ReadYourWrites ryw = r.readYourWrites();
        if (ryw != null) {
            row(md, "read-your-writes checks / stale GETs", ryw.checks() + " / " + ryw.staleReads()
                    + (ryw.oneGetEach() ? " (one GET each)" : ""));
        }
        ResourceMonitor.Figures res = r.resources();
        row(md, "load average before / after", res.loadAverageBefore() + " / " + res.loadAverageAfter());
        String cpu = "machine " + fmt(res.machineCores()) + ", generator " + fmt(res.generatorCores());
        if (res.serviceJvmCores() != null) {
            cpu += ", service JVM " + fmt(res.serviceJvmCores()) + ", its PostgreSQL " + fmt(res.postgresCores())
                    + ", other processes " + fmt(res.otherCores());
        }
        row(md, "CPU, cores busy on average", cpu);
        if (t != null && res.serviceJvmCores() != null && t.editsPerSecond() > 0) {
            double serviceCores = res.serviceJvmCores() + (res.postgresCores() == null ? 0 : res.postgresCores());
            row(md, "service CPU (JVM + PostgreSQL) per completed edit, all traffic included",
                    fmt(serviceCores * 1000 / t.editsPerSecond()) + " ms");
        }
        if (res.jvmRssPeakMiB() != null) {
            row(md, "service JVM RSS start / peak / end", fmt(res.jvmRssStartMiB()) + " / "
                    + fmt(res.jvmRssPeakMiB()) + " / " + fmt(res.jvmRssEndMiB()) + " MiB");
        }
        if (res.servicePssPeakMiB() != null && res.postgresPid() != null) {
            row(md, "service JVM + PostgreSQL processes, PSS peak / end", fmt(res.servicePssPeakMiB()) + " / "
                    + fmt(res.servicePssEndMiB()) + " MiB");
        }
        PhysicalReference.Figures ref = r.physicalReference();
        if (ref != null) {
            row(md, "physical reference, 1 row per commit, " + ref.threads() + " threads",
                    fmt(ref.perRowCommitPerSecond()) + " rows/s");
            row(md, "physical reference, " + ref.batchSize() + "-row transactions, " + ref.threads() + " threads",
                    fmt(ref.batchedPerSecond()) + " rows/s");
            if (t != null) {
                row(md, "event appends as share of per-row / batched", percent(t.shareOfPerRowCommit()) + " / "
                        + percent(t.shareOfBatched()));
            }
        }
        if (r.operations().isEmpty()) {
            return md.toString();
        }
        md.append("\n| Operation | ok | 412 | errors | per s | p50 ms | p95 ms | p99 ms | max ms |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.OperationResult op : r.operations()) {
            md.append("| ").append(op.description()).append(" | ").append(op.ok()).append(" | ")
                    .append(op.conflicts()).append(" | ").append(op.errors()).append(" | ").append(fmt(op.perSecond()))
                    .append(" | ").append(fmt(op.p50Ms())).append(" | ").append(fmt(op.p95Ms())).append(" | ")
                    .append(fmt(op.p99Ms())).append(" | ").append(fmt(op.maxMs())).append(" |\n");
        }
        lag(md, r.processorLag());
        search(md, r.search());
        replays(md, r.replays());
        if (!r.notMeasured().isEmpty()) {
            md.append("\nNot measured:\n");
            r.notMeasured().forEach((what, why) -> md.append("- ").append(what).append(": ").append(why).append('\n'));
        }
        if (!r.errorSamples().isEmpty()) {
            md.append("\nFirst errors:\n");
            r.errorSamples().forEach(error -> md.append("- `").append(error.replace('`', '\'')).append("`\n"));
        }
        return md.toString();
    }

    private static void lag(StringBuilder md, Results.LagSampling lag) {
        if (lag == null || lag.processors().isEmpty()) {
            return;
        }
        md.append("\nProjection lag, sampled every ").append(lag.intervalMillis())
                .append(" ms through `GET /api/admin/processors` during the measured window (").append(lag.rounds())
                .append(" samples, ").append(lag.failedRounds()).append(" failed):\n\n")
                .append("| Processor | Samples | Lag events p50 / p99 / max | Lag seconds p50 / p99 / max |\n")
                .append("|---|---:|---|---|\n");
        for (Results.ProcessorLag p : lag.processors()) {
            md.append("| ").append(p.processor()).append(" | ").append(p.samples()).append(" | ")
                    .append(p.lagEventsP50()).append(" / ").append(p.lagEventsP99()).append(" / ")
                    .append(p.lagEventsMax()).append(" | ").append(seconds(p.lagSecondsP50())).append(" / ")
                    .append(seconds(p.lagSecondsP99())).append(" / ").append(seconds(p.lagSecondsMax()))
                    .append(" |\n");
        }
    }

    private static void search(StringBuilder md, Results.Search s) {
        if (s == null) {
            return;
        }
        md.append("\nSearch corpus: ").append(s.documentsCreated()).append(" documents of ").append(s.docSize())
                .append(" characters for ").append(s.users()).append(" users, created with ").append(s.seeders())
                .append(" concurrent creates in ").append(fmt(s.seedingSeconds())).append(" s: **")
                .append(fmt(s.createsPerSecond())).append(" creates/s** (create p50 / p99 ")
                .append(fmt(s.createP50Ms()))
                .append(" / ").append(fmt(s.createP99Ms())).append(" ms, ").append(s.createRetries())
                .append(" retries)");
        if (s.eventsAppended() != null) {
            md.append("; ").append(s.eventsAppended()).append(" events appended (")
                    .append(fmt(s.eventsAppendedPerSecond()))
                    .append("/s, average stored payload ").append(fmt(s.avgPayloadBytes())).append(" B)");
        }
        md.append(". The search processor caught up ").append(fmt(s.searchCaughtUpSeconds()))
                .append(" s and every processor ").append(fmt(s.caughtUpSeconds())).append(" s after the last create");
        if (s.documentsInIndex() != null) {
            md.append("; the search index then held ").append(s.documentsInIndex()).append(" documents");
        }
        md.append(".\n\nSearching: ").append(s.searchers()).append(" searchers, ").append(s.thinkMillis())
                .append(" ms think time, ").append(fmt(s.warmupSeconds())).append(" s warm-up, then ")
                .append(fmt(s.measuredSeconds())).append(" s measured: ").append(fmt(s.searchesPerSecond()))
                .append(" searches/s; machine ").append(fmt(s.resources().machineCores())).append(" cores busy");
        if (s.resources().serviceJvmCores() != null) {
            md.append(" (service JVM ").append(fmt(s.resources().serviceJvmCores())).append(", its PostgreSQL ")
                    .append(fmt(s.resources().postgresCores())).append(", other processes ")
                    .append(fmt(s.resources().otherCores())).append(')');
        }
        md.append(". 20 hits a page; \"service\" is the service's own `tookMs` (the query alone).\n\n")
                .append("| Query | Searcher | Searches | Errors | Mean hits | 0 hits | p50 ms | p95 ms | p99 ms "
                        + "| max ms | service p50 / p99 ms |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Results.SearchQueries q : s.queries()) {
            md.append("| ").append(q.kind()).append(" | ").append(q.viewer()).append(" | ").append(q.searches())
                    .append(" | ").append(q.errors()).append(" | ").append(fmt(q.meanHits())).append(" | ")
                    .append(q.zeroHits()).append(" | ").append(fmt(q.p50Ms())).append(" | ").append(fmt(q.p95Ms()))
                    .append(" | ").append(fmt(q.p99Ms())).append(" | ").append(fmt(q.maxMs())).append(" | ")
                    .append(fmt(q.serviceP50Ms())).append(" / ").append(fmt(q.serviceP99Ms())).append(" |\n");
        }
        if (!s.errorSamples().isEmpty()) {
            md.append("\nFirst search errors:\n");
            s.errorSamples().forEach(error -> md.append("- `").append(error.replace('`', '\'')).append("`\n"));
        }
    }

    private static void replays(StringBuilder md, List<Results.Replay> replays) {
        if (replays == null || replays.isEmpty()) {
            return;
        }
        md.append("\nReplays through `POST /api/admin/processors/{name}/replay`, one after the other, each timed until "
                        + "lag 0 with every segment caught up (polled every 100 ms):\n\n")
                .append("| Processor | Events | Seconds | Events/s | Caught up |\n|---|---:|---:|---:|---|\n");
        for (Results.Replay replay : replays) {
            md.append("| ").append(replay.processor()).append(" | ").append(replay.events()).append(" | ")
                    .append(fmt(replay.seconds())).append(" | ").append(fmt(replay.eventsPerSecond())).append(" | ")
                    .append(replay.finished() ? "yes" : "**no**").append(" |\n");
        }
        md.append("\nEvents: ").append(replays.get(0).eventsSource()).append(".\n");
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static void row(StringBuilder md, String figure, String value) {
        md.append("| ").append(figure).append(" | ").append(value).append(" |\n");
    }

    static String fmt(Double value) {
        if (value == null) {
            return "-";
        }
        double v = value;
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String percent(Double share) {
        return share == null ? "-" : String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
