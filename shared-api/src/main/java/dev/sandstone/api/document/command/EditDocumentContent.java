package dev.sandstone.api.document.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the whole content; the aggregate stores only the delta from the current content. */
public record EditDocumentContent(@TargetAggregateIdentifier String documentId, String content, long expectedVersion) {
}
