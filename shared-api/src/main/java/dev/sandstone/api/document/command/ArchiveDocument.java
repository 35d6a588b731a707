package dev.sandstone.api.document.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ArchiveDocument(@TargetAggregateIdentifier String documentId, Long expectedVersion) {
}
