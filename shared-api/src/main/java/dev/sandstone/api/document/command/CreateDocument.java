package dev.sandstone.api.document.command;

import dev.sandstone.api.document.StoredContent;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates a document. Small content travels inline in {@code content}; large content was written to the blob store
 * first and travels as {@code stored} (then {@code content} is empty).
 */
public record CreateDocument(@TargetAggregateIdentifier String documentId, String title, String content,
                             List<String> tags, StoredContent stored) {

    public CreateDocument(String documentId, String title, String content, List<String> tags) {
        this(documentId, title, content, tags, null);
    }
}
