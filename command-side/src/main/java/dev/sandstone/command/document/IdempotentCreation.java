package dev.sandstone.command.document;

import dev.sandstone.api.document.command.CreateDocument;
import dev.sandstone.api.document.event.DocumentContentStored;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} on create: the new document's id is derived from the caller and the key, so a retry
 * targets the same aggregate, and the event store's unique key turns a second creation into a conflict we
 * answer with the first response. Works across instances and restarts without any extra table.
 */
@Component
class IdempotentCreation {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final EventStore eventStore;

    IdempotentCreation(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    String documentIdFor(String userId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return UUID.randomUUID().toString();
        }
        if (!KEY.matcher(idempotencyKey).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST,
                    "Idempotency-Key must be 1-255 visible ASCII characters", Map.of("field", "Idempotency-Key"));
        }
        return UUID.nameUUIDFromBytes(("idempotency-key\n" + userId + "\n" + idempotencyKey)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * After a creation conflict: when the stored creation was this same request, the document's current version
     * (edits may have followed the first answer, and the retry's ETag must be one an {@code If-Match} can use);
     * else 422. The creation is read from sequence 0, never through a snapshot, which would hide it.
     */
    long requireSameRequest(String owner, CreateDocument request) {
        DomainEventStream events = eventStore.readEvents(request.documentId(), 0);
        if (!events.hasNext()) {
            throw DomainException.conflict("The document is being created by a concurrent request; retry");
        }
        DomainEventMessage<?> first = events.next();
        List<String> tags = request.tags() == null ? List.of() : request.tags().stream().distinct().toList();
        boolean same = first.getPayload() instanceof DocumentCreated created
                && created.owner().equals(owner)
                && created.title().equals(request.title() == null ? null : request.title().strip())
                && created.tags().equals(tags)
                && (request.stored() == null ? created.content().equals(request.content())
                    : events.hasNext() && events.next().getPayload() instanceof DocumentContentStored stored
                        && stored.sha256().equals(request.stored().sha256()));
        if (!same) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "This Idempotency-Key was already used for a different request", Map.of("field", "Idempotency-Key"));
        }
        return eventStore.lastSequenceNumberFor(request.documentId()).orElse(0L) + 1;
    }
}
