package dev.sandstone.platform.observability;

import dev.sandstone.api.error.DomainException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Observes the handling of each command until its unit of work ends, so the append of its events (at commit) is
 * included: a span {@code command EditDocumentContent}, child of the trace context the command carries and current
 * while the command is handled and committed (the events it causes carry it on), and a timer
 * {@code sandstone.commands{command, outcome}}. Outcomes: {@code success}; {@code rejected}, a
 * {@link DomainException} (the request broke a rule: 4xx); {@code failed}, anything else (a bug, an outage, a lost
 * append race that is retried). Only a failed command marks its span as an error.
 */
class CommandObservation implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String TIMER = "sandstone.commands";
    private static final String FAILED = "failed";

    private final MessageTraceContext traceContext;
    private final MeterRegistry meters;

    CommandObservation(MessageTraceContext traceContext, MeterRegistry meters) {
        this.traceContext = traceContext;
        this.meters = meters;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        String type = command.getPayloadType().getSimpleName();
        long start = System.nanoTime();
        Span span = traceContext.childOf(command, "command " + type).start()
                .tag("axon.message.id", command.getIdentifier());
        Tracer.SpanInScope scope = traceContext.inScope(span);
        unitOfWork.onCleanup(done -> {
            ExecutionResult result = done.getExecutionResult();
            Throwable failure = result != null && result.isExceptionResult() ? result.getExceptionResult() : null;
            String outcome = outcome(failure);
            timer(type, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            span.tag("outcome", outcome);
            if (FAILED.equals(outcome)) {
                span.error(failure);
            }
            scope.close();
            span.end();
        });
        return chain.proceed();
    }

    static String outcome(Throwable failure) {
        if (failure == null) {
            return "success";
        }
        return failure instanceof DomainException ? "rejected" : FAILED;
    }

    private Timer timer(String command, String outcome) {
        return Timer.builder(TIMER)
                .description("Command handling until its unit of work ends (events appended)")
                .tag("command", command).tag("outcome", outcome)
                .register(meters);
    }
}
