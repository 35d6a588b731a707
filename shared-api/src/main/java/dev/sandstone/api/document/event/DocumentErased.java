package dev.sandstone.api.document.event;

/**
 * The document was erased (right to erasure): the last event of its stream. Appended by the erasure service (also
 * after a deletion), never by a command; the aggregate counts as deleted from here on. Projections drop everything
 * they hold about the document, so a replay ends without it too, and the erasure destroys the document's data key,
 * so every earlier event reads back with its content erased.
 *
 * @param erasureId the erasure job that appended it ({@code GET /api/admin/erasures/{id}})
 */
public record DocumentErased(String documentId, String erasureId) implements DocumentEvent {
}
