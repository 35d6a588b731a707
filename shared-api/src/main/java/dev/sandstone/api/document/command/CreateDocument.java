package dev.sandstone.api.document.command;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateDocument(@TargetAggregateIdentifier String documentId, String title, String content, List<String> tags) {
}
