package dev.sandstone.api.document.command;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code title} or {@code tags} may be null, meaning "leave as is"; not both. */
public record UpdateDocumentMetadata(@TargetAggregateIdentifier String documentId, String title, List<String> tags,
                                     long expectedVersion) {
}
