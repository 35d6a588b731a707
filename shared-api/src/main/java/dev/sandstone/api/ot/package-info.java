/**
 * The {@code text-unicode} operational-transformation type of ShareDB (npm {@code ot-text-unicode} 4.x), ported
 * to plain Java: {@link dev.sandstone.api.ot.TextOp} parses, checks, normalises, applies, composes and transforms
 * text operations, and transforms cursors and selections through them, with positions in Unicode code points.
 * It also converts an operation to and from the stored {@link dev.sandstone.api.document.TextDelta} (UTF-16
 * units). Pure functions over immutable values: no framework, no I/O. Tested differentially against the
 * reference implementation (see {@code shared-api/src/test/node}).
 */
package dev.sandstone.api.ot;
