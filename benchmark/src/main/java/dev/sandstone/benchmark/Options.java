package dev.sandstone.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run does. {@code --smoke} only changes the defaults (a few seconds, a couple of threads); any option
 * given explicitly still wins.
 *
 * @param targetRate         edits/s on a fixed schedule (open model); 0 = every editor as fast as it can
 * @param rywFraction        share of successful edits followed by a read-your-writes check from another user
 * @param referenceDuration  how long each mode of the physical reference inserts rows
 * @param lagInterval        how often the processors' lag is sampled during the measured window
 * @param searchCorpus       documents to seed for the search benchmark; 0 = no search benchmark
 * @param replay             processors to replay after everything else, in order; empty = none
 */
public record Options(
        String baseUrl,
        Duration duration,
        Duration warmup,
        int editors,
        int readers,
        int publishers,
        int documents,
        int users,
        int docSize,
        double targetRate,
        long seed,
        Path out,
        String jdbcUrl,
        Long servicePid,
        Duration readerThink,
        Duration publishInterval,
        double rywFraction,
        Duration referenceDuration,
        int referenceThreads,
        boolean referenceOnly,
        Duration lagInterval,
        int searchCorpus,
        int searchDocSize,
        int searchUsers,
        int seeders,
        int searchers,
        Duration searchDuration,
        Duration searchThink,
        List<String> replay,
        Duration replayTimeout,
        boolean smoke) {

    static final String USAGE = """
            usage: java -jar benchmark-exec.jar [options]
              --base-url URL            running Sandstone (default http://localhost:8080)
              --duration D              measured time, e.g. 60s, 2m (default 60s; smoke 3s)
              --warmup D                traffic before measuring (default 15s; smoke 0s)
              --editors N               editor threads (default 16; smoke 2)
              --readers N               reader threads (default 4; smoke 1)
              --publishers N            publisher threads (default 1)
              --documents N             documents created up front (default 200; smoke 6)
              --users N                 users owning and sharing them (default 20; smoke 3)
              --doc-size N              characters of content per document (default 2000; smoke 400)
              --target-rate R           edits/s on a fixed schedule; 0 = as fast as possible (default 0)
              --seed S                  random seed of the traffic (default 42)
              --out DIR                 where results.json and results.md go (default target/benchmark-results)
              --jdbc-url URL            the service's PostgreSQL: event count and physical reference
              --service-pid PID         sample the service's memory from /proc/PID
              --reader-think D          pause between a reader's requests (default 20ms)
              --publish-interval D      pause between a publisher's publishes (default 1s)
              --ryw-fraction F          share of edits checked for read-your-writes (default 0.1; smoke 0.5)
              --reference-duration D    time per physical-reference mode (default 10s; smoke 300ms)
              --reference-threads N     connections of the physical reference (default 8)
              --reference-only          measure only the physical reference at --jdbc-url (no HTTP traffic)
              --lag-interval D          sample every processor's lag this often while measuring (default 100ms)
              --search-corpus N         after the load, seed N documents and measure search latency (default 0: off)
              --search-doc-size N       characters of content per seeded document (default 1000; smoke 200)
              --search-users N          users owning the seeded documents (default 50; smoke 3)
              --seeders N               concurrent creates while seeding (default 16; smoke 4)
              --searchers N             concurrent searchers (default 4; smoke 1)
              --search-duration D       measured searching, after a tenth of it as warm-up (default 60s; smoke 1s)
              --search-think D          pause between a searcher's searches (default 100ms)
              --replay P1,P2            at the end, replay these processors one by one and time them
                                        (e.g. documents,search,audit; default none)
              --replay-timeout D        give up waiting for one replay after this (default 20m)
              --smoke                   a few seconds with a couple of threads (for the test suite)
            """;

    private static final Set<String> FLAGS = Set.of("--smoke", "--reference-only", "--help");

    /** Parses {@code --name value} pairs; throws {@link IllegalArgumentException} with the usage on mistakes. */
    public static Options parse(String... args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (FLAGS.contains(name)) {
                given.put(name, "true");
            } else if (name.startsWith("--") && i + 1 < args.length) {
                given.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("Unexpected argument '" + name + "'\n" + USAGE);
            }
        }
        if (given.containsKey("--help")) {
            throw new IllegalArgumentException(USAGE);
        }
        Values values = new Values(given);
        boolean smoke = given.containsKey("--smoke");
        Options options = new Options(
                values.text("--base-url", "http://localhost:8080").replaceAll("/+$", ""),
                values.duration("--duration", smoke ? "3s" : "60s"),
                values.duration("--warmup", smoke ? "0s" : "15s"),
                values.integer("--editors", smoke ? 2 : 16),
                values.integer("--readers", smoke ? 1 : 4),
                values.integer("--publishers", 1),
                values.integer("--documents", smoke ? 6 : 200),
                values.integer("--users", smoke ? 3 : 20),
                values.integer("--doc-size", smoke ? 400 : 2000),
                values.decimal("--target-rate", 0),
                Long.parseLong(values.text("--seed", "42")),
                Path.of(values.text("--out", "target/benchmark-results")),
                values.text("--jdbc-url", null),
                values.number("--service-pid"),
                values.duration("--reader-think", "20ms"),
                values.duration("--publish-interval", "1s"),
                values.decimal("--ryw-fraction", smoke ? 0.5 : 0.1),
                values.duration("--reference-duration", smoke ? "300ms" : "10s"),
                values.integer("--reference-threads", 8),
                given.containsKey("--reference-only"),
                values.duration("--lag-interval", "100ms"),
                values.integer("--search-corpus", 0),
                values.integer("--search-doc-size", smoke ? 200 : 1000),
                values.integer("--search-users", smoke ? 3 : 50),
                values.integer("--seeders", smoke ? 4 : 16),
                values.integer("--searchers", smoke ? 1 : 4),
                values.duration("--search-duration", smoke ? "1s" : "60s"),
                values.duration("--search-think", "100ms"),
                values.list("--replay"),
                values.duration("--replay-timeout", "20m"),
                smoke);
        values.rejectUnknown();
        options.validate();
        return options;
    }

    private void validate() {
        require(!duration.isZero() && !duration.isNegative(), "--duration must be positive");
        require(editors >= 1, "--editors must be at least 1");
        require(readers >= 0 && publishers >= 0, "--readers and --publishers must not be negative");
        require(users >= 2, "--users must be at least 2 (documents are shared between users)");
        require(documents >= 1, "--documents must be at least 1");
        require(docSize >= 50, "--doc-size must be at least 50");
        require(targetRate >= 0, "--target-rate must not be negative");
        require(rywFraction >= 0 && rywFraction <= 1, "--ryw-fraction must be between 0 and 1");
        require(referenceThreads >= 1, "--reference-threads must be at least 1");
        require(!referenceOnly || jdbcUrl != null, "--reference-only needs --jdbc-url");
        require(lagInterval.toMillis() >= 10, "--lag-interval must be at least 10ms");
        require(searchCorpus >= 0, "--search-corpus must not be negative");
        require(searchDocSize >= 50, "--search-doc-size must be at least 50");
        require(searchUsers >= 1 && seeders >= 1 && searchers >= 1,
                "--search-users, --seeders and --searchers must be at least 1");
        require(!searchDuration.isZero() && !searchDuration.isNegative(), "--search-duration must be positive");
        require(replay.stream().allMatch(name -> name.matches("[a-z0-9-]+")),
                "--replay takes processor names separated by commas, e.g. documents,search,audit");
        require(!replayTimeout.isZero() && !replayTimeout.isNegative(), "--replay-timeout must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message + "\n" + USAGE);
        }
    }

    /** The settings as they go into results.json. */
    Map<String, Object> asMap() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("baseUrl", baseUrl);
        map.put("durationSeconds", duration.toMillis() / 1000.0);
        map.put("warmupSeconds", warmup.toMillis() / 1000.0);
        map.put("editors", editors);
        map.put("readers", readers);
        map.put("publishers", publishers);
        map.put("documents", documents);
        map.put("users", users);
        map.put("docSize", docSize);
        map.put("targetRate", targetRate);
        map.put("seed", seed);
        map.put("readerThinkMillis", readerThink.toMillis());
        map.put("publishIntervalMillis", publishInterval.toMillis());
        map.put("rywFraction", rywFraction);
        map.put("physicalReference", jdbcUrl != null);
        map.put("referenceOnly", referenceOnly);
        map.put("lagIntervalMillis", lagInterval.toMillis());
        map.put("searchCorpus", searchCorpus);
        if (searchCorpus > 0) {
            map.put("searchDocSize", searchDocSize);
            map.put("searchUsers", searchUsers);
            map.put("seeders", seeders);
            map.put("searchers", searchers);
            map.put("searchDurationSeconds", searchDuration.toMillis() / 1000.0);
            map.put("searchThinkMillis", searchThink.toMillis());
        }
        map.put("replay", replay);
        map.put("smoke", smoke);
        return map;
    }

    /** Reads options by name and remembers which were asked for, so unknown ones can be rejected. */
    private static final class Values {
        private final Map<String, String> given;
        private final Set<String> known = new java.util.HashSet<>(FLAGS);

        Values(Map<String, String> given) {
            this.given = given;
        }

        String text(String name, String fallback) {
            known.add(name);
            return given.getOrDefault(name, fallback);
        }

        int integer(String name, int fallback) {
            String value = text(name, null);
            return value == null ? fallback : Integer.parseInt(value);
        }

        Long number(String name) {
            String value = text(name, null);
            return value == null ? null : Long.valueOf(value);
        }

        double decimal(String name, double fallback) {
            String value = text(name, null);
            return value == null ? fallback : Double.parseDouble(value);
        }

        /** Comma-separated names; empty when not given. */
        List<String> list(String name) {
            String value = text(name, null);
            return value == null ? List.of()
                    : java.util.Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        }

        Duration duration(String name, String fallback) {
            return parseDuration(text(name, fallback));
        }

        void rejectUnknown() {
            List<String> unknown = given.keySet().stream().filter(name -> !known.contains(name)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("Unknown option(s) " + unknown + "\n" + USAGE);
            }
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, or plain seconds. */
    static Duration parseDuration(String text) {
        String value = text.trim();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        if (value.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
}
