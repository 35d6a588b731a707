package dev.sandstone.api.document.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeDocumentRole(@TargetAggregateIdentifier String documentId, String userId) {
}
