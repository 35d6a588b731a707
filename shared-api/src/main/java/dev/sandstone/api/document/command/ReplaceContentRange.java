package dev.sandstone.api.document.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces the bytes {@code [start, end)} of the content's UTF-8 encoding with {@code text}, at exactly
 * {@code expectedVersion}. Both offsets must fall on character boundaries. For a large document only the chunks the
 * range touches are cut and stored again; every other chunk stays as it is.
 */
public record ReplaceContentRange(@TargetAggregateIdentifier String documentId, long start, long end, String text,
                                  long expectedVersion) {
}
