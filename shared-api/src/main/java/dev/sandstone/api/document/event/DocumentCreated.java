package dev.sandstone.api.document.event;

import java.util.List;

public record DocumentCreated(String documentId, String title, String content, List<String> tags, String owner)
        implements DocumentEvent {
}
