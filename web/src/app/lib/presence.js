// Presence for text-unicode: {index, length} in code points, plus "user" that the server adds. ShareDB moves
// remote cursors through later ops with the type's transformPresence, which ot-text-unicode does not define.
import { type as textUnicode } from 'ot-text-unicode';

/**
 * Where a position ends up after an op. {@code stickAfter} puts it after an insert at exactly that position
 * (the author's own caret follows what they typed); otherwise it stays before, as text-unicode's transformPosition.
 */
export function transformIndex(cursor, op, stickAfter) {
  if (!stickAfter) return textUnicode.transformPosition(cursor, op);
  let pos = 0;
  for (let i = 0; i < op.length && cursor >= pos; i++) {
    const c = op[i];
    if (typeof c === 'number') {
      pos += c;
      if (pos > cursor) break;
    } else if (typeof c === 'string') {
      const n = [...c].length;
      pos += n;
      cursor += n;
    } else {
      const n = typeof c.d === 'number' ? c.d : [...c.d].length;
      cursor -= Math.min(n, cursor - pos);
    }
  }
  return cursor;
}

/** ShareDB's transformPresence for text-unicode: moves both ends of the selection, keeps every other field. */
export function transformPresence(presence, op, isOwnOp) {
  if (!presence || typeof presence.index !== 'number') return presence;
  const start = presence.index;
  const end = presence.index + Math.max(0, presence.length || 0);
  const newStart = transformIndex(start, op, isOwnOp);
  const newEnd = end === start ? newStart : transformIndex(end, op, isOwnOp);
  return { ...presence, index: newStart, length: Math.max(0, newEnd - newStart) };
}

/** The text-unicode type with transformPresence, as ShareDB.types.register wants it. */
export const textUnicodeWithPresence = { ...textUnicode, transformPresence };
