package dev.sandstone.query.documents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandstone.api.document.ChunkRef;
import java.util.List;

/** A large document's chunk list as the read model stores it (JSON). */
public final class StoredChunks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<ChunkRef>> LIST = new TypeReference<>() {
    };

    private StoredChunks() {
    }

    static String toJson(List<ChunkRef> chunks) {
        try {
            return JSON.writeValueAsString(chunks);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Chunk references are plain records", e);
        }
    }

    static List<ChunkRef> fromJson(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The read model holds a chunk list that is not JSON", e);
        }
    }
}
