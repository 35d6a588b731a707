package dev.sandstone.command.document;

import static dev.sandstone.api.error.DomainException.conflict;
import static dev.sandstone.api.error.DomainException.forbidden;
import static dev.sandstone.api.error.DomainException.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.document.DocumentStatus;
import dev.sandstone.api.document.StoredContent;
import dev.sandstone.api.document.command.ApplyContentDelta;
import dev.sandstone.api.document.command.ArchiveDocument;
import dev.sandstone.api.document.command.CommandResult;
import dev.sandstone.api.document.command.CreateDocument;
import dev.sandstone.api.document.command.DeleteDocument;
import dev.sandstone.api.document.command.EditDocumentContent;
import dev.sandstone.api.document.command.GrantDocumentRole;
import dev.sandstone.api.document.command.PublishDocument;
import dev.sandstone.api.document.command.PublishResult;
import dev.sandstone.api.document.command.ReplaceContentRange;
import dev.sandstone.api.document.command.RevokeDocumentRole;
import dev.sandstone.api.document.command.StoreDocumentContent;
import dev.sandstone.api.document.command.UpdateDocumentMetadata;
import dev.sandstone.api.document.event.DocumentArchived;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentContentReplaced;
import dev.sandstone.api.document.event.DocumentContentStored;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentDeleted;
import dev.sandstone.api.document.event.DocumentErased;
import dev.sandstone.api.document.event.DocumentMetadataUpdated;
import dev.sandstone.api.document.event.DocumentPublished;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.event.DocumentRoleRevoked;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.privacy.ErasedData;
import dev.sandstone.api.privacy.PersonalData.Subject;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.security.Actor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A document: checks every rule in its command handlers and changes state only in its event sourcing
 * handlers. Its version is the number of events so far (the sequence number of the last one plus one).
 * State is snapshotted as JSON (fields only) every {@code sandstone.documents.snapshot-threshold} events.
 */
@Aggregate(snapshotTriggerDefinition = "documentSnapshotTrigger", cache = "documentCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class Document {

    @AggregateIdentifier
    private String id;
    private long version;
    // Snapshots store these encrypted, like the events (see PersonalData); members is document data as a whole.
    @PersonalData(Subject.USER)
    private String owner;
    @PersonalData(value = Subject.DOCUMENT, subjectFrom = "id")
    private String title;
    @PersonalData(value = Subject.DOCUMENT, subjectFrom = "id")
    private String content;
    @PersonalData(value = Subject.DOCUMENT, subjectFrom = "id")
    private List<String> tags;
    private DocumentStatus status;
    /** A large document's content as chunks in the blob store; null while the content is inline. */
    @PersonalData(value = Subject.DOCUMENT, subjectFrom = "id")
    private List<ChunkRef> chunks;
    @PersonalData(value = Subject.DOCUMENT, subjectFrom = "id")
    private String storedSha256;
    private int publishedCount;
    @PersonalData(value = Subject.DOCUMENT, subjectFrom = "id")
    private Map<String, DocumentRole> members = new HashMap<>();

    Document() {
    }

    @CommandHandler
    Document(CreateDocument command, MetaData metaData, DocumentRules rules) {
        Actor actor = Actor.fromMetaData(metaData);
        if (actor.isReadOnly()) {
            throw forbidden("Auditors may read documents but not create them");
        }
        String validTitle = rules.title(command.title());
        List<String> validTags = rules.tags(command.tags());
        if (command.stored() == null) {
            rules.content(command.content());
            apply(new DocumentCreated(command.documentId(), validTitle, command.content(), validTags, actor.userId()));
        } else {
            rules.stored(command.stored());
            apply(new DocumentCreated(command.documentId(), validTitle, "", validTags, actor.userId()));
            StoredContent stored = command.stored();
            apply(new DocumentContentStored(command.documentId(), stored.chunks(), stored.size(), stored.sha256()));
        }
    }

    @CommandHandler
    CommandResult handle(EditDocumentContent command, MetaData metaData, DocumentRules rules) {
        requireRole(metaData, DocumentRole.EDITOR);
        requireNotArchived("edited");
        requireVersion(command.expectedVersion());
        rules.content(command.content());
        if (chunks != null) {
            if (!ContentHashes.sha256(command.content()).equals(storedSha256)) {
                apply(new DocumentContentReplaced(id, command.content()));
            }
        } else if (!command.content().equals(content)) {
            apply(new DocumentContentEdited(id, ContentDiff.between(content, command.content())));
        }
        return result();
    }

    /**
     * A live edit: the delta was computed by the collaboration channel against this exact version. Only inline
     * content can be edited live; a large document's chunks are replaced through the content API.
     */
    @CommandHandler
    CommandResult handle(ApplyContentDelta command, MetaData metaData, DocumentRules rules) {
        requireRole(metaData, DocumentRole.EDITOR);
        requireNotArchived("edited");
        requireVersion(command.expectedVersion());
        if (chunks != null) {
            throw conflict("The document is stored in chunks (over the inline limit) and cannot be edited live; "
                    + "replace its content with PUT /api/documents/" + id + "/content");
        }
        if (command.delta() == null) {
            throw invalid("op", "the operation is missing");
        }
        String next;
        try {
            next = command.delta().apply(content);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid("op", "the operation does not fit the document at version " + version + ": " + e.getMessage());
        }
        rules.content(next);
        if (!command.delta().changesNothing()) {
            apply(new DocumentContentEdited(id, command.delta()));
        }
        return result();
    }

    /** Large content, already in the blob store (only its new chunks were written): records the chunk list. */
    @CommandHandler
    CommandResult handle(StoreDocumentContent command, MetaData metaData, DocumentRules rules) {
        requireRole(metaData, DocumentRole.EDITOR);
        requireNotArchived("edited");
        requireVersion(command.expectedVersion());
        StoredContent stored = command.content();
        rules.stored(stored);
        boolean same = chunks == null ? ContentHashes.sha256(content).equals(stored.sha256())
                : stored.sha256().equals(storedSha256);
        if (!same) {
            apply(new DocumentContentStored(id, stored.chunks(), stored.size(), stored.sha256()));
        }
        return result();
    }

    /**
     * A range of the content replaced (the content API's PATCH): the new content is cut from the current one here,
     * under the aggregate's lock, so the offsets always refer to exactly the expected version. For a large document
     * only the chunks the range touches are stored again.
     */
    @CommandHandler
    CommandResult handle(ReplaceContentRange command, MetaData metaData, DocumentRules rules, ContentUploads uploads) {
        requireRole(metaData, DocumentRole.EDITOR);
        requireNotArchived("edited");
        requireVersion(command.expectedVersion());
        ContentUploads.Upload upload = chunks == null
                ? uploads.replaceRange(id, content, command.start(), command.end(), command.text())
                : uploads.replaceRange(id, chunks, command.start(), command.end(), command.text());
        if (upload instanceof ContentUploads.Stored stored) {
            rules.stored(stored.content());
            if (!stored.content().sha256().equals(chunks == null ? ContentHashes.sha256(content) : storedSha256)) {
                apply(new DocumentContentStored(id, stored.content().chunks(), stored.content().size(),
                        stored.content().sha256()));
            }
        } else {
            String next = ((ContentUploads.Inline) upload).content();
            rules.content(next);
            if (chunks != null) {
                apply(new DocumentContentReplaced(id, next));
            } else if (!next.equals(content)) {
                apply(new DocumentContentEdited(id, ContentDiff.between(content, next)));
            }
        }
        return result();
    }

    @CommandHandler
    CommandResult handle(UpdateDocumentMetadata command, MetaData metaData, DocumentRules rules) {
        requireRole(metaData, DocumentRole.EDITOR);
        requireNotArchived("changed");
        requireVersion(command.expectedVersion());
        if (command.title() == null && command.tags() == null) {
            throw invalid("title", "send a title, tags or both");
        }
        String newTitle = command.title() == null ? title : rules.title(command.title());
        List<String> newTags = command.tags() == null ? tags : rules.tags(command.tags());
        if (!newTitle.equals(title) || !newTags.equals(tags)) {
            apply(new DocumentMetadataUpdated(id, newTitle, newTags));
        }
        return result();
    }

    @CommandHandler
    PublishResult handle(PublishDocument command, MetaData metaData) {
        Actor actor = requireRole(metaData, DocumentRole.PUBLISHER);
        requireNotArchived("published");
        requireVersion(command.expectedVersion());
        apply(new DocumentPublished(id, publishedCount + 1, version + 1, actor.userId()));
        return new PublishResult(id, publishedCount, version);
    }

    @CommandHandler
    CommandResult handle(ArchiveDocument command, MetaData metaData) {
        requireRole(metaData, DocumentRole.OWNER);
        requireVersion(command.expectedVersion());
        if (status != DocumentStatus.ARCHIVED) {
            apply(new DocumentArchived(id));
        }
        return result();
    }

    @CommandHandler
    CommandResult handle(DeleteDocument command, MetaData metaData) {
        requireRole(metaData, DocumentRole.OWNER);
        requireVersion(command.expectedVersion());
        apply(new DocumentDeleted(id));
        return result();
    }

    @CommandHandler
    CommandResult handle(GrantDocumentRole command, MetaData metaData, DocumentRules rules) {
        requireRole(metaData, DocumentRole.OWNER);
        rules.userId(command.userId());
        if (command.role() == null || command.role() == DocumentRole.OWNER) {
            throw invalid("role", "role must be one of viewer, editor, publisher");
        }
        if (command.userId().equals(owner)) {
            throw conflict("'" + owner + "' owns the document and already has every role");
        }
        if (command.role() != members.get(command.userId())) {
            apply(new DocumentRoleGranted(id, command.userId(), command.role()));
        }
        return result();
    }

    @CommandHandler
    CommandResult handle(RevokeDocumentRole command, MetaData metaData, DocumentRules rules) {
        requireRole(metaData, DocumentRole.OWNER);
        rules.userId(command.userId());
        if (command.userId().equals(owner)) {
            throw conflict("The owner's role cannot be revoked");
        }
        DocumentRole previous = members.get(command.userId());
        if (previous != null) {
            apply(new DocumentRoleRevoked(id, command.userId(), previous));
        }
        return result();
    }

    private Actor requireRole(MetaData metaData, DocumentRole needed) {
        Actor actor = Actor.fromMetaData(metaData);
        DocumentAccess.require(actor, owner, members, needed);
        return actor;
    }

    private void requireNotArchived(String verb) {
        if (status == DocumentStatus.ARCHIVED) {
            throw conflict("The document is archived and cannot be " + verb);
        }
    }

    private void requireVersion(Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != version) {
            throw DomainException.staleVersion(expectedVersion, version);
        }
    }

    private CommandResult result() {
        return new CommandResult(id, version);
    }

    @EventSourcingHandler
    void on(DocumentCreated event, @SequenceNumber long sequence) {
        id = event.documentId();
        owner = event.owner();
        title = event.title();
        content = event.content();
        tags = List.copyOf(event.tags());
        status = DocumentStatus.DRAFT;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(DocumentContentEdited event, @SequenceNumber long sequence) {
        content = event.delta().apply(content);
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(DocumentContentStored event, @SequenceNumber long sequence) {
        chunks = event.chunks();
        storedSha256 = event.sha256();
        content = null;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(DocumentContentReplaced event, @SequenceNumber long sequence) {
        content = event.content();
        chunks = null;
        storedSha256 = null;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(DocumentMetadataUpdated event, @SequenceNumber long sequence) {
        title = event.title();
        tags = List.copyOf(event.tags());
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(DocumentPublished event, @SequenceNumber long sequence) {
        publishedCount = event.publishedVersion();
        status = DocumentStatus.PUBLISHED;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(DocumentArchived event, @SequenceNumber long sequence) {
        status = DocumentStatus.ARCHIVED;
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(DocumentDeleted event, @SequenceNumber long sequence) {
        version = sequence + 1;
        markDeleted();
    }

    /** An erased document is gone like a deleted one: commands on it find nothing. */
    @EventSourcingHandler
    void on(DocumentErased event, @SequenceNumber long sequence) {
        version = sequence + 1;
        markDeleted();
    }

    @EventSourcingHandler
    void on(DocumentRoleGranted event, @SequenceNumber long sequence) {
        // An erased user's id reads back as a placeholder: that user holds no role any more.
        if (!ErasedData.isErased(event.userId())) {
            members.put(event.userId(), event.role());
        }
        version = sequence + 1;
    }

    @EventSourcingHandler
    void on(DocumentRoleRevoked event, @SequenceNumber long sequence) {
        members.remove(event.userId());
        version = sequence + 1;
    }
}
