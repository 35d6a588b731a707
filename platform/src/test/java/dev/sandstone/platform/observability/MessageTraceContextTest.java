package dev.sandstone.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the trace id out of a W3C {@code traceparent}, as the audit record keeps it. */
class MessageTraceContextTest {

    @Test
    void the_trace_id_is_the_second_field_of_a_traceparent() {
        assertThat(MessageTraceContext.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .contains("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void a_later_version_with_more_fields_still_gives_its_trace_id() {
        assertThat(MessageTraceContext.traceId("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-what-next"))
                .contains("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void no_malformed_or_invalid_traceparent_gives_a_trace_id() {
        assertThat(MessageTraceContext.traceId(null)).isEmpty();
        assertThat(MessageTraceContext.traceId("")).isEmpty();
        assertThat(MessageTraceContext.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isEmpty();
        assertThat(MessageTraceContext.traceId("00-4bf92f3577b34da6-00f067aa0ba902b7-01")).isEmpty();
        assertThat(MessageTraceContext.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isEmpty();
        assertThat(MessageTraceContext.traceId("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEmpty();
    }
}
