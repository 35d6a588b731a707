package dev.sandstone.api.document.command;

public record PublishResult(String documentId, int publishedVersion, long documentVersion) {
}
