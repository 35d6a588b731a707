package dev.sandstone.query.processors;

import java.util.List;

/**
 * One processor as operators see it.
 *
 * @param state       {@code RUNNING}, {@code ERROR} (a segment is failing and retrying) or {@code STOPPED}
 * @param lagEvents   events between the head of the event store and the slowest segment (global index distance)
 * @param lagSeconds  age of the oldest event not yet processed; 0 when caught up, null when unknown
 * @param deadLetters events parked in the dead-letter queue, in {@code deadLetterSequences} documents
 */
public record ProcessorStatus(String name, String state, List<Segment> segments, long lagEvents, Double lagSeconds,
                              long deadLetters, long deadLetterSequences) {

    public record Segment(int id, Long position, boolean caughtUp, boolean replaying, String error) {
    }
}
