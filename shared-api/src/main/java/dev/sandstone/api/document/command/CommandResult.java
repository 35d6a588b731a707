package dev.sandstone.api.document.command;

/** What every document command handler returns: the document and its version after the command. */
public record CommandResult(String documentId, long version) {
}
