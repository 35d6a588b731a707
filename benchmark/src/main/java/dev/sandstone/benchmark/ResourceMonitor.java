package dev.sandstone.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the machine spent during the measured window, from {@code /proc}: CPU of the whole machine, of the
 * service's JVM, of its PostgreSQL (the postmaster and all its processes, when local), of this generator, and of
 * everything else (other work on a shared machine skews the figures, so it is reported); and the service's memory,
 * sampled once a second: the JVM's resident set ({@code VmRSS}) and the proportional set size ({@code Pss}) of
 * the JVM plus all PostgreSQL processes, which counts memory they share (shared buffers) once.
 */
final class ResourceMonitor implements AutoCloseable {

    /** Clock ticks per second of {@code /proc/.../stat} times; 100 on Linux x86-64. */
    private static final double TICKS = 100.0;

    /**
     * CPU in cores busy on average over the window (2.0 = both cores of a 2-core machine); memory in MiB.
     * Service figures are null without a service pid.
     */
    record Figures(String loadAverageBefore, String loadAverageAfter, double machineCores,
                   double generatorCores, Double serviceJvmCores, Double postgresCores, Double otherCores,
                   Long servicePid, Long postgresPid, Double jvmRssStartMiB, Double jvmRssPeakMiB,
                   Double jvmRssEndMiB, Double servicePssPeakMiB, Double servicePssEndMiB) {
    }

    private final Long servicePid;
    private final Long postgresPid;
    private final long self = ProcessHandle.current().pid();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "resource-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Long> rssKiB = new ArrayList<>();
    private final List<Long> treePssKiB = new ArrayList<>();
    private String loadBefore;
    private long[] machineBefore;
    private long selfBefore;
    private Map<Long, Long> postgresBefore = Map.of();
    private long jvmBefore;
    private long startedAt;

    /**
     * @param servicePid  the service's JVM, or null to watch only the machine and this generator
     * @param postgresPid the service's PostgreSQL server process, or null when it is not local
     */
    ResourceMonitor(Long servicePid, Long postgresPid) {
        this.servicePid = servicePid;
        this.postgresPid = postgresPid;
        if (servicePid != null && readKiB(Path.of("/proc/" + servicePid + "/status"), "VmRSS:") < 0) {
            throw new IllegalArgumentException("No process " + servicePid + " to watch (/proc/" + servicePid + ")");
        }
    }

    void start() {
        loadBefore = loadAverage();
        machineBefore = machineTicks();
        selfBefore = cpuTicks(self);
        if (servicePid != null) {
            jvmBefore = cpuTicks(servicePid);
            sampler.scheduleAtFixedRate(this::sampleMemory, 0, 1, TimeUnit.SECONDS);
        }
        if (postgresPid != null) {
            postgresBefore = treeTicks(postgresPid);
        }
        startedAt = System.nanoTime();
    }

    /** Stops sampling and returns the figures of the window since {@link #start()}. */
    Figures stop() {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        sampler.shutdownNow();
        long[] machineAfter = machineTicks();
        double cores = Runtime.getRuntime().availableProcessors();
        long total = machineAfter[0] - machineBefore[0];
        double machine = total <= 0 ? 0 : cores * (machineAfter[1] - machineBefore[1]) / total;
        double generator = (cpuTicks(self) - selfBefore) / TICKS / seconds;
        Double jvm = servicePid == null ? null : round((cpuTicks(servicePid) - jvmBefore) / TICKS / seconds);
        Double postgres = null;
        if (postgresPid != null) {
            long ticks = 0;
            for (Map.Entry<Long, Long> process : treeTicks(postgresPid).entrySet()) {
                ticks += process.getValue() - postgresBefore.getOrDefault(process.getKey(), 0L);
            }
            postgres = round(ticks / TICKS / seconds);
        }
        Double other = jvm == null ? null
                : round(Math.max(0, machine - generator - jvm - (postgres == null ? 0 : postgres)));
        synchronized (this) {
            return new Figures(loadBefore, loadAverage(), round(machine), round(generator), jvm, postgres, other,
                    servicePid, postgresPid,
                    rssKiB.isEmpty() ? null : mib(rssKiB.get(0)),
                    rssKiB.isEmpty() ? null : mib(max(rssKiB)),
                    rssKiB.isEmpty() ? null : mib(rssKiB.get(rssKiB.size() - 1)),
                    treePssKiB.isEmpty() ? null : mib(max(treePssKiB)),
                    treePssKiB.isEmpty() ? null : mib(treePssKiB.get(treePssKiB.size() - 1)));
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private synchronized void sampleMemory() {
        long rss = readKiB(Path.of("/proc/" + servicePid + "/status"), "VmRSS:");
        if (rss >= 0) {
            rssKiB.add(rss);
        }
        List<Long> processes = new ArrayList<>(List.of(servicePid));
        if (postgresPid != null) {
            processes.addAll(tree(postgresPid));
        }
        long pss = 0;
        for (long process : processes) {
            long one = readKiB(Path.of("/proc/" + process + "/smaps_rollup"), "Pss:");
            if (one < 0) {
                return;
            }
            pss += one;
        }
        treePssKiB.add(pss);
    }

    /** Total and busy (not idle, not waiting for I/O) ticks of all CPUs, from the first line of /proc/stat. */
    private static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total, total - idle};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** User plus system ticks of one process (fields 14 and 15 of /proc/PID/stat), 0 when it is gone. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static Map<Long, Long> treeTicks(long root) {
        Map<Long, Long> ticks = new HashMap<>();
        for (long process : tree(root)) {
            ticks.put(process, cpuTicks(process));
        }
        return ticks;
    }

    /** The process and all its descendants, from {@code /proc/PID/task/TID/children}. */
    private static List<Long> tree(long root) {
        List<Long> processes = new ArrayList<>(List.of(root));
        for (int i = 0; i < processes.size(); i++) {
            try (var threads = Files.list(Path.of("/proc/" + processes.get(i) + "/task"))) {
                for (Path thread : threads.toList()) {
                    String children = Files.readString(thread.resolve("children")).trim();
                    if (!children.isEmpty()) {
                        for (String child : children.split("\\s+")) {
                            processes.add(Long.parseLong(child));
                        }
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process or one of its threads ended while we looked
            }
        }
        return processes;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long readKiB(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
        return -1;
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static double mib(long kib) {
        return Math.round(kib / 1024.0 * 10) / 10.0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
