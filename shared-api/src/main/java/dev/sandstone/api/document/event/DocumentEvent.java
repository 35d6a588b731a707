package dev.sandstone.api.document.event;

/**
 * Every fact about a document. Sealed, so projections can switch over them exhaustively.
 * Who did it and when travel as message metadata ({@code actor}) and the event timestamp.
 * Stored shapes are forever: change one only with a new {@code @Revision} and an upcaster.
 */
public sealed interface DocumentEvent
        permits DocumentCreated, DocumentContentEdited, DocumentContentStored, DocumentContentReplaced,
        DocumentMetadataUpdated, DocumentPublished,
        DocumentArchived, DocumentDeleted, DocumentErased, DocumentRoleGranted, DocumentRoleRevoked {

    String documentId();
}
