package dev.sandstone.platform.observability;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Puts the dispatching span's trace context (the HTTP request's, for the commands of the API) into each command's
 * metadata, so its handling continues the trace wherever the command bus delivers it.
 */
class TraceContextDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    private final MessageTraceContext traceContext;

    TraceContextDispatchInterceptor(MessageTraceContext traceContext) {
        this.traceContext = traceContext;
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            Map<String, String> current = traceContext.current();
            return current.isEmpty() ? command : command.andMetaData(current);
        };
    }
}
