package dev.sandstone.query.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sandstone.api.document.event.DocumentErased;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.privacy.ErasureView;
import dev.sandstone.api.privacy.PersonalData.Subject;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.security.Actor;
import dev.sandstone.platform.crypto.Sha256;
import dev.sandstone.platform.crypto.SubjectKeys;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Right to erasure, by crypto-shredding. A request records the erasure (202 with its id); then, on whichever
 * query-side instance claims it:
 * <ol>
 *   <li>for a document, {@link DocumentErased} is appended to its stream (the aggregate is deleted from then on, and
 *       every projection drops the document when it reaches that event, in a replay too);</li>
 *   <li>it waits until every tracking processor, on every instance, has passed the erasure's position, so nothing
 *       written before the erasure can arrive after it;</li>
 *   <li>each {@link ErasureStep} purges or anonymises its store (read model, history, search index, audit archive,
 *       blobs, snapshots), retried while a store is down;</li>
 *   <li>the subject's data key is destroyed: the event store's copies (and any backup of it) read as erased;</li>
 *   <li>the certificate (steps, counts, times) is sealed with its SHA-256, and a user's id is dropped from it.</li>
 * </ol>
 */
@Service
public class ErasureCoordinator {

    static final String DOCUMENT = "document";
    static final String USER = "user";

    private static final Logger log = LoggerFactory.getLogger(ErasureCoordinator.class);
    private static final ObjectMapper CANONICAL = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final ErasureStore store;
    private final List<ErasureStep> steps;
    private final EventStore eventStore;
    private final SubjectKeys keys;
    private final ProcessorPositions positions;
    private final ErasureProperties properties;

    ErasureCoordinator(ErasureStore store, List<ErasureStep> steps, EventStore eventStore, SubjectKeys keys,
                       ProcessorPositions positions, ErasureProperties properties) {
        this.store = store;
        this.steps = steps.stream().sorted(Comparator.comparing(ErasureStep::store)).toList();
        this.eventStore = eventStore;
        this.keys = keys;
        this.positions = positions;
        this.properties = properties;
    }

    /** Erases a document that exists or existed (deleted ones too); asking again returns the same erasure. */
    public ErasureView eraseDocument(String documentId, Actor admin) {
        if (eventStore.lastSequenceNumberFor(documentId).isEmpty()) {
            throw DomainException.notFound("Document " + documentId + " does not exist");
        }
        return view(store.create(DOCUMENT, documentId, admin.userId(), 0));
    }

    /** Erases a user wherever Sandstone names them; the erasure covers what was written up to now. */
    public ErasureView eraseUser(String userId, Actor admin) {
        return view(store.create(USER, userId, admin.userId(), head()));
    }

    public Optional<ErasureView> find(UUID id) {
        return store.find(id).map(this::view);
    }

    public List<ErasureView> page(int page, int size) {
        return store.page(page, size).stream().map(this::view).toList();
    }

    public long count() {
        return store.count();
    }

    /** Advances every erasure that can advance now; run periodically on every instance. */
    public void advance() {
        Optional<ErasureStore.Erasure> next;
        while ((next = store.claimNext(properties.lease())).isPresent()) {
            ErasureStore.Erasure erasure = next.get();
            try {
                if (!advance(erasure)) {
                    store.release(erasure.id());
                    // Waiting or failing: leave it to the next round rather than spin on it.
                    return;
                }
            } catch (RuntimeException e) {
                store.release(erasure.id());
                throw e;
            }
        }
    }

    /** True when the erasure completed. */
    private boolean advance(ErasureStore.Erasure erasure) {
        long position = erasure.position();
        if (erasure.isDocument() && position == 0) {
            position = appendErased(erasure);
            store.positioned(erasure.id(), position);
        }
        if (!positions.behind(position).isEmpty()) {
            return false;
        }
        for (ErasureStep step : steps) {
            if (store.steps(erasure.id()).stream().anyMatch(s -> s.store().equals(step.store())
                    && s.completedAt() != null)) {
                continue;
            }
            try {
                long erased = erasure.isDocument() ? step.eraseDocument(erasure.subjectId())
                        : step.eraseUser(erasure.subjectId());
                store.stepDone(erasure.id(), step.store(), erased, step.detail());
            } catch (RuntimeException e) {
                log.warn("Erasure {}: {} failed, will retry: {}", erasure.id(), step.store(), e.getMessage());
                store.stepFailed(erasure.id(), step.store(), e.getMessage());
                return false;
            }
        }
        Subject subject = erasure.isDocument() ? Subject.DOCUMENT : Subject.USER;
        keys.destroy(subject, erasure.subjectId());
        store.keyDestroyed(erasure.id());
        if (!erasure.isDocument()) {
            store.stepDone(erasure.id(), "erasures", store.eraseRequester(erasure.subjectId()),
                    "erasure records naming the user as requester");
        }
        ErasureStore.Erasure keyed = store.find(erasure.id()).orElseThrow();
        Instant completedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String subjectId = erasure.isDocument() ? erasure.subjectId() : PersonalData.ERASED;
        String certificate = canonical(certificate(keyed, subjectId, completedAt));
        store.complete(erasure.id(), completedAt, certificate, Sha256.hex(certificate), !erasure.isDocument());
        log.info("Erasure {} of a {} completed", erasure.id(), erasure.subjectType());
        return true;
    }

    /**
     * Appends {@link DocumentErased} as the document's next event, unless its stream already ends with this
     * erasure's; a command racing it loses on the unique sequence (or wins, and the append is retried after it).
     */
    private long appendErased(ErasureStore.Erasure erasure) {
        String documentId = erasure.subjectId();
        for (int attempt = 1; ; attempt++) {
            long last = eventStore.lastSequenceNumberFor(documentId).orElse(-1L);
            try {
                DefaultUnitOfWork.startAndGet(null).execute(() -> eventStore.publish(new GenericDomainEventMessage<>(
                        "Document", documentId, last + 1, new DocumentErased(documentId, erasure.id().toString()),
                        Actor.user(erasure.requestedBy()).toMetaData())));
                return head();
            } catch (ConcurrencyException | org.axonframework.eventsourcing.eventstore.EventStoreException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private long head() {
        return eventStore.createHeadToken() == null ? 0 : eventStore.createHeadToken().position().orElse(0);
    }

    private ErasureView view(ErasureStore.Erasure erasure) {
        List<String> waiting = erasure.completedAt() != null || (erasure.isDocument() && erasure.position() == 0)
                ? List.of() : positions.behind(erasure.position());
        List<ErasureView.Step> done = store.steps(erasure.id());
        String status = erasure.completedAt() != null ? "completed"
                : !waiting.isEmpty() || erasure.position() == 0 ? "pending" : "running";
        return new ErasureView(erasure.id().toString(), erasure.subjectType(), erasure.subjectId(), status,
                erasure.requestedBy(), erasure.requestedAt(), waiting, done, erasure.keyDestroyedAt(),
                erasure.completedAt(), erasure.certificateSha256());
    }

    /** The canonical certificate (sorted keys, ISO times) whose SHA-256 the erasure keeps. */
    private Map<String, Object> certificate(ErasureStore.Erasure erasure, String subjectId, Instant completedAt) {
        Map<String, Object> certificate = new LinkedHashMap<>();
        certificate.put("erasureId", erasure.id().toString());
        certificate.put("subjectType", erasure.subjectType());
        certificate.put("subjectId", subjectId);
        certificate.put("requestedAt", erasure.requestedAt().toString());
        certificate.put("keyDestroyedAt", erasure.keyDestroyedAt() == null ? null : erasure.keyDestroyedAt().toString());
        certificate.put("completedAt", completedAt.toString());
        certificate.put("steps", store.steps(erasure.id()).stream().map(s -> Map.of("store", s.store(),
                "erased", s.erased(), "detail", s.detail() == null ? "" : s.detail())).toList());
        return certificate;
    }

    /** The sealed certificate of a completed erasure, byte for byte. */
    public Optional<String> certificate(UUID id) {
        return store.certificate(id);
    }

    private static String canonical(Map<String, Object> certificate) {
        try {
            return CANONICAL.writeValueAsString(certificate);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the erasure certificate", e);
        }
    }
}
