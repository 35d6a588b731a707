package dev.sandstone.api.document.command;

import dev.sandstone.api.document.TextDelta;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Applies a change to the current inline content at exactly {@code expectedVersion}: the live collaboration channel
 * sends it once it has transformed a client's operation against everything committed since the client's version.
 * A delta that changes nothing is never sent (the channel answers such an operation without committing it).
 */
public record ApplyContentDelta(@TargetAggregateIdentifier String documentId, TextDelta delta, long expectedVersion) {
}
