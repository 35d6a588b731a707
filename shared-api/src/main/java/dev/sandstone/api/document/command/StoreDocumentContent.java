package dev.sandstone.api.document.command;

import dev.sandstone.api.document.StoredContent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces the whole content with content already written to the blob store (large content); the aggregate records
 * only the chunks that changed.
 */
public record StoreDocumentContent(@TargetAggregateIdentifier String documentId, StoredContent content,
                                   long expectedVersion) {
}
