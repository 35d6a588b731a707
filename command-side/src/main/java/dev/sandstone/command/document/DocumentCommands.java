package dev.sandstone.command.document;

import dev.sandstone.api.security.Actor;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * Sends document commands on behalf of an actor, who travels as metadata. Two requests racing on one
 * document are serialised by the unique (aggregate, sequence) key of the event store; the loser is retried
 * a bounded number of times against the new state, where its own version check decides (usually 412).
 */
@Component
class DocumentCommands {

    private static final int ATTEMPTS = 3;

    private final CommandGateway gateway;

    DocumentCommands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    <R> R send(Object command, Actor actor) {
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .withMetaData(actor.toMetaData()));
            } catch (ConcurrencyException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
