package dev.sandstone.api.document.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteDocument(@TargetAggregateIdentifier String documentId, Long expectedVersion) {
}
