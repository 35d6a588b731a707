package dev.sandstone.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.api.error.DomainException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command timer's outcome per command type, on a real command bus (tracing off: no-op tracer). */
class CommandObservationTest {

    record Save() {
    }

    record SaveStale() {
    }

    record SaveBroken() {
    }

    record SaveUnappendable() {
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();

    @BeforeEach
    void handlers() {
        bus.registerHandlerInterceptor(new CommandObservation(new MessageTraceContext(Tracer.NOOP, Propagator.NOOP),
                meters));
        bus.subscribe(Save.class.getName(), command -> "saved");
        bus.subscribe(SaveStale.class.getName(), command -> {
            throw DomainException.staleVersion(1, 2);
        });
        bus.subscribe(SaveBroken.class.getName(), command -> {
            throw new IllegalStateException("bug");
        });
        bus.subscribe(SaveUnappendable.class.getName(), command -> {
            CurrentUnitOfWork.get().onPrepareCommit(unitOfWork -> {
                throw new IllegalStateException("the event store is down");
            });
            return "handled, not committed";
        });
    }

    @Test
    void a_handled_command_is_a_success() {
        assertThat(send(new Save()).isExceptional()).isFalse();

        assertThat(count("Save", "success")).isEqualTo(1);
    }

    @Test
    void a_domain_exception_is_a_rejection() {
        send(new SaveStale());

        assertThat(count("SaveStale", "rejected")).isEqualTo(1);
        assertThat(meters.find(CommandObservation.TIMER).tag("outcome", "failed").timer()).isNull();
    }

    @Test
    void any_other_exception_is_a_failure() {
        send(new SaveBroken());

        assertThat(count("SaveBroken", "failed")).isEqualTo(1);
    }

    @Test
    void a_failure_to_commit_after_the_handler_returned_is_a_failure() {
        assertThat(send(new SaveUnappendable()).isExceptional()).isTrue();

        assertThat(count("SaveUnappendable", "failed")).isEqualTo(1);
        assertThat(meters.find(CommandObservation.TIMER).tag("outcome", "success").timer()).isNull();
    }

    private CommandResultMessage<?> send(Object command) {
        FutureCallback<Object, Object> result = new FutureCallback<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage(command), result);
        return result.getResult();
    }

    private long count(String command, String outcome) {
        return meters.get(CommandObservation.TIMER).tag("command", command).tag("outcome", outcome).timer().count();
    }
}
