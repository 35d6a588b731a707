package dev.sandstone.api.document.event;

import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;
import java.util.List;

/**
 * The content of a large document changed (or moved to the blob store). The event lists the chunk references of
 * the whole new content, never content itself; chunks it shares with the previous content were not written again,
 * and new ones were written to the blob store and verified before this event. {@code size} and {@code sha256}
 * describe the whole new content (UTF-8 bytes).
 */
public record DocumentContentStored(String documentId,
                                    @PersonalData(value = Subject.DOCUMENT, erasedAs = "[]") List<ChunkRef> chunks,
                                    @PersonalData(value = Subject.DOCUMENT, erasedAs = "0") long size,
                                    @PersonalData(value = Subject.DOCUMENT, erasedAs = "\"\"") String sha256)
        implements DocumentEvent {

    public DocumentContentStored {
        chunks = List.copyOf(chunks);
    }
}
