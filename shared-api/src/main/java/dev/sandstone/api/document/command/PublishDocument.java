package dev.sandstone.api.document.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code expectedVersion} is optional: null publishes whatever is current. */
public record PublishDocument(@TargetAggregateIdentifier String documentId, Long expectedVersion) {
}
