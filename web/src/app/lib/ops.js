// CodeMirror changes <-> ShareDB text-unicode ops. A text-unicode op walks the document once:
// a number skips code points, a string inserts, {d: n} deletes n code points.
import { type as textUnicode } from 'ot-text-unicode';
import { codePointLength, utf16Index } from './codepoints.js';

/** advance() that refuses to run past the end: such an op was made for another document. */
function advanceStrict(doc, from, codePoints) {
  if (codePoints <= 0) return from;
  const slice = doc.sliceString(from, Math.min(doc.length, from + 2 * codePoints + 1));
  const to = utf16Index(slice, codePoints);
  if (codePointLength(slice.slice(0, to)) < codePoints) throw new Error('The op goes past the end of the document');
  return from + to;
}

/**
 * The text-unicode op of a CodeMirror ChangeSet applied to {@code startDoc} (the document before the change).
 */
export function changesToOp(changes, startDoc) {
  const op = [];
  let at = 0; // UTF-16 position in startDoc up to which the op has walked
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    if (fromA > at) op.push(codePointLength(startDoc.sliceString(at, fromA)));
    const text = inserted.toString();
    if (text.length > 0) op.push(text);
    if (toA > fromA) op.push({ d: codePointLength(startDoc.sliceString(fromA, toA)) });
    at = toA;
  });
  return textUnicode.normalize(op);
}

/**
 * The CodeMirror change specs of a text-unicode op applied to {@code doc} (a CodeMirror Text). Positions in the
 * specs refer to {@code doc} as it is before the op, as CodeMirror expects of one transaction's changes.
 */
export function opToChanges(op, doc) {
  const changes = [];
  let pos = 0; // UTF-16 position in doc
  for (const component of op) {
    if (typeof component === 'number') {
      pos = advanceStrict(doc, pos, component);
    } else if (typeof component === 'string') {
      changes.push({ from: pos, insert: component });
    } else if (component && component.d !== undefined) {
      const length = typeof component.d === 'number' ? component.d : codePointLength(component.d);
      const to = advanceStrict(doc, pos, length);
      changes.push({ from: pos, to });
      pos = to;
    }
  }
  return changes;
}
