package dev.sandstone.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went, from a JFR recording of the service: every {@code jdk.ExecutionSample} is put in the first
 * bucket whose marker appears anywhere in its stack (so a regex run by the security firewall counts as the
 * firewall, not as {@code java.util.regex}); samples with no marker are split by thread and by framework.
 *
 * <pre>java -cp benchmark/target/benchmark.jar dev.sandstone.benchmark.ProfileSummary /tmp/h4.jfr</pre>
 */
public final class ProfileSummary {

    /** Checked in this order; the first that matches wins. */
    private static final Map<String, List<String>> MARKERS = markers();

    private ProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ProfileSummary RECORDING.jfr");
            System.exit(2);
        }
        Map<String, Integer> buckets = new LinkedHashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                samples++;
                buckets.merge(bucket(event), 1, Integer::sum);
            }
        }
        System.out.println("| Where (CPU samples of the service) | share |");
        System.out.println("|---|---:|");
        int total = samples;
        buckets.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(b -> System.out.printf(Locale.ROOT, "| %s | %.1f %% |%n", b.getKey(),
                        100.0 * b.getValue() / total));
        System.out.println("\n" + samples + " samples");
    }

    private static String bucket(RecordedEvent event) {
        List<String> frames = event.getStackTrace().getFrames().stream().map(ProfileSummary::name).toList();
        for (Map.Entry<String, List<String>> bucket : MARKERS.entrySet()) {
            for (String marker : bucket.getValue()) {
                if (frames.stream().anyMatch(frame -> frame.contains(marker))) {
                    return bucket.getKey();
                }
            }
        }
        String thread = event.getThread("sampledThread") == null ? null : event.getThread("sampledThread").getJavaName();
        if (thread != null && (thread.startsWith("EventProcessor") || thread.startsWith("EmbeddedEventStore"))) {
            return "tracking processor and event-store reader threads (other)";
        }
        if (frames.subList(0, Math.min(5, frames.size())).stream().anyMatch(f -> f.startsWith("io.micrometer"))) {
            return "Micrometer observations and metrics";
        }
        List<String> top = frames.subList(0, Math.min(15, frames.size()));
        if (top.stream().anyMatch(f -> f.startsWith("org.springframework.security"))) {
            return "Spring Security (other)";
        }
        if (top.stream().anyMatch(f -> f.startsWith("org.axonframework"))) {
            return "Axon (other)";
        }
        if (top.stream().anyMatch(f -> f.startsWith("org.apache"))) {
            return "Tomcat, sockets, I/O";
        }
        if (top.stream().anyMatch(f -> f.startsWith("org.springframework"))) {
            return "Spring MVC and other Spring";
        }
        return "JDK and other";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static Map<String, List<String>> markers() {
        Map<String, List<String>> markers = new LinkedHashMap<>();
        // The encryption seam first: it runs inside event sourcing, projections and snapshots alike.
        markers.put("Sandstone: AES-GCM field encryption and data-key lookups",
                List.of("FieldCipher.", "SubjectKeys.", "MasterKeyRing."));
        markers.put("Sandstone: (de)serializing marked events and metadata (EncryptingSerializer, Jackson within)",
                List.of("EncryptingSerializer."));
        markers.put("Spring Security: header-value firewall regex (StrictHttpFirewall)",
                List.of("StrictHttpFirewall$StrictFirewalledRequest.validateAllowedHeaderValue"));
        markers.put("Spring Security: bearer-token regex", List.of("DefaultBearerTokenResolver.resolveFromAuthorizationHeader"));
        markers.put("Spring Security: JWT decode and RS256 verification", List.of("NimbusJwtDecoder.decode"));
        markers.put("Axon: event-sourcing the aggregate (replaying events)",
                List.of("EventSourcedAggregate.initializeState"));
        markers.put("Axon: snapshots (read, take)", List.of("Snapshot", "snapshot"));
        markers.put("Axon: handler timeouts (AxonTimeLimitedTask)", List.of("AxonTimeLimitedTask"));
        markers.put("Sandstone: content diff and delta apply", List.of("ContentDiff.", "TextDelta."));
        markers.put("PostgreSQL JDBC driver and Hikari", List.of("org.postgresql.", "com.zaxxer.hikari."));
        markers.put("Jackson (JSON)", List.of("com.fasterxml.jackson."));
        return markers;
    }
}
