/**
 * Live collaboration: the ShareDB wire protocol at {@code /api/collab}, with the {@code text-unicode} OT type.
 * <p>
 * Owns the WebSocket endpoint and its authentication (bearer token on the upgrade, or a single-use ticket from
 * {@code POST /api/collab/tickets} for browsers), the live state of the documents that have subscribers on this
 * instance ({@link dev.sandstone.command.collab.LiveDocuments}: version, text and recent operations, fed by one tail of
 * the event store, so every instance sees every commit), the submit loop (transform against every operation
 * committed since the client's version, commit exactly at the next version through the document aggregate, retry on a
 * race, acknowledge a resent operation once) and presence. Every live operation is an ordinary
 * {@code DocumentContentEdited} event with its author, so history, audit, search and erasure see it like a REST edit.
 */
package dev.sandstone.command.collab;
