package dev.sandstone.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The service's event processors as an admin sees them through {@code GET /api/admin/processors}: lag, segment
 * positions, and replays. One admin client of its own, so its requests have their own connection and rate budget.
 */
final class Processors {

    /**
     * One processor's status (the service's {@code ProcessorStatus}).
     *
     * @param lagEvents  global-index distance from the head of the event store to the slowest segment
     * @param lagSeconds age of the oldest unprocessed event; null when the service does not know it
     */
    record Status(String name, String state, long lagEvents, Double lagSeconds, List<Segment> segments) {

        /** No lag and every segment claimed and caught up: a replay is over. */
        boolean caughtUp() {
            return lagEvents == 0 && !segments.isEmpty() && segments.stream().allMatch(Segment::caughtUp);
        }

        /** The head of the event store the status was computed against: the slowest position plus the lag. */
        long head() {
            long slowest = segments.stream().map(Segment::position).filter(Objects::nonNull)
                    .mapToLong(Long::longValue).min().orElse(0);
            return slowest + lagEvents;
        }
    }

    record Segment(int id, Long position, boolean caughtUp, boolean replaying) {
    }

    private final SandstoneClient admin;

    private Processors(SandstoneClient admin) {
        this.admin = admin;
    }

    /** Signs in an admin through the local issuer. */
    static Processors signIn(String baseUrl, String adminId) {
        return new Processors(SandstoneClient.signIn(baseUrl, adminId, List.of("admin")));
    }

    /** Every processor's status; throws when the endpoint does not answer 200. */
    List<Status> all() {
        SandstoneClient.Response response = admin.processors();
        if (!response.is(200) || !response.body().isArray()) {
            throw new IllegalStateException("GET /api/admin/processors: " + response.describe());
        }
        List<Status> statuses = new ArrayList<>();
        response.body().forEach(node -> statuses.add(status(node)));
        return statuses;
    }

    /** One processor's status. */
    Status one(String name) {
        SandstoneClient.Response response = admin.processor(name);
        if (!response.is(200)) {
            throw new IllegalStateException("GET /api/admin/processors/" + name + ": " + response.describe());
        }
        return status(response.body());
    }

    /** Resets the processor and starts replaying the event store into it. */
    void replay(String name) {
        SandstoneClient.Response response = admin.replay(name);
        if (!response.is(202)) {
            throw new IllegalStateException("POST /api/admin/processors/" + name + "/replay: " + response.describe());
        }
    }

    private static Status status(JsonNode node) {
        List<Segment> segments = new ArrayList<>();
        node.path("segments").forEach(segment -> segments.add(new Segment(segment.path("id").asInt(),
                segment.path("position").isNumber() ? segment.path("position").asLong() : null,
                segment.path("caughtUp").asBoolean(), segment.path("replaying").asBoolean())));
        JsonNode lagSeconds = node.path("lagSeconds");
        return new Status(node.path("name").asText(), node.path("state").asText(), node.path("lagEvents").asLong(),
                lagSeconds.isNumber() ? lagSeconds.asDouble() : null, List.copyOf(segments));
    }
}
