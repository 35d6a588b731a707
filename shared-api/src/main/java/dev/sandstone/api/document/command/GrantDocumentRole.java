package dev.sandstone.api.document.command;

import dev.sandstone.api.document.DocumentRole;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record GrantDocumentRole(@TargetAggregateIdentifier String documentId, String userId, DocumentRole role) {
}
