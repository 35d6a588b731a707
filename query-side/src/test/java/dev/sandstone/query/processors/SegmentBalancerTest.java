package dev.sandstone.query.processors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The share of a processor's segments that one query-side instance keeps; beyond it, it lets another take over. */
class SegmentBalancerTest {

    @Test
    void one_instance_keeps_every_segment() {
        assertThat(SegmentBalancer.fairShare(2, 1)).isEqualTo(2);
    }

    @Test
    void two_instances_keep_one_of_two_segments_each() {
        assertThat(SegmentBalancer.fairShare(2, 2)).isEqualTo(1);
    }

    @Test
    void an_uneven_split_rounds_up_so_that_every_segment_has_room() {
        assertThat(SegmentBalancer.fairShare(3, 2)).isEqualTo(2);
        assertThat(SegmentBalancer.fairShare(1, 3)).isEqualTo(1);
    }

    @Test
    void no_instance_counted_yet_is_taken_as_this_one_alone() {
        assertThat(SegmentBalancer.fairShare(2, 0)).isEqualTo(2);
    }
}
