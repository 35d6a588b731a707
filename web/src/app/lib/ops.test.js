import { describe, expect, it } from 'vitest';
import { ChangeSet, EditorState, Text } from '@codemirror/state';
import { type as textUnicode } from 'ot-text-unicode';
import { changesToOp, opToChanges } from './ops.js';

const ALPHABET = ['a', 'b', ' ', '\n', 'é', '😀', '𝄞', '中'];

function randomText(random, max) {
  let text = '';
  const n = Math.floor(random() * max);
  for (let i = 0; i < n; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

/** A deterministic generator, so a failure can be replayed. */
function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random non-overlapping changes at code point boundaries of a document. */
function randomChanges(random, doc) {
  const boundaries = [0];
  const s = doc.toString();
  for (let i = 0; i < s.length;) {
    i += s.codePointAt(i) > 0xffff ? 2 : 1;
    boundaries.push(i);
  }
  const picks = [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) * 2 },
    () => boundaries[Math.floor(random() * boundaries.length)]))].sort((a, b) => a - b);
  const specs = [];
  for (let i = 0; i < picks.length; i += 2) {
    const from = picks[i];
    const to = i + 1 < picks.length && random() < 0.6 ? picks[i + 1] : from;
    specs.push({ from, to, insert: randomText(random, 4) });
  }
  return ChangeSet.of(specs, doc.length);
}

describe('CodeMirror changes and text-unicode ops', () => {
  it('maps an insert after an astral character to code point positions', () => {
    const doc = Text.of(['😀 hi']);
    const op = changesToOp(ChangeSet.of([{ from: 3, insert: 'oh' }], doc.length), doc);
    expect(op).toEqual([2, 'oh']);
    expect(textUnicode.apply(doc.toString(), op)).toBe('😀 ohhi');
  });

  it('maps a delete of an astral character to one code point', () => {
    const doc = Text.of(['a😀b']);
    const op = changesToOp(ChangeSet.of([{ from: 1, to: 3 }], doc.length), doc);
    expect(op).toEqual([1, { d: 1 }]);
  });

  it('maps a remote op to UTF-16 changes', () => {
    const doc = Text.of(['😀😀', 'x']);
    const changes = opToChanges([2, { d: 1 }, 'y'], doc);
    expect(changes).toEqual([{ from: 4, to: 5 }, { from: 5, insert: 'y' }]);
    const state = EditorState.create({ doc }).update({ changes }).state;
    expect(state.doc.toString()).toBe('😀😀yx');
  });

  it('accepts deletes that carry the deleted text', () => {
    const doc = Text.of(['a😀b']);
    const state = EditorState.create({ doc }).update({ changes: opToChanges([1, { d: '😀' }], doc) }).state;
    expect(state.doc.toString()).toBe('ab');
  });

  it('agrees with text-unicode on 2,000 random edits, both ways', () => {
    const random = seeded(17);
    for (let round = 0; round < 2000; round++) {
      const doc = Text.of(randomText(random, 12).split('\n'));
      const changes = randomChanges(random, doc);
      const expected = changes.apply(doc).toString();
      const op = changesToOp(changes, doc);
      expect(textUnicode.apply(doc.toString(), op), `round ${round}`).toBe(expected);
      const back = EditorState.create({ doc }).update({ changes: opToChanges(op, doc) }).state.doc.toString();
      expect(back, `round ${round}`).toBe(expected);
    }
  });

  it('refuses an op longer than the document', () => {
    expect(() => opToChanges([5, 'x'], Text.of(['ab']))).toThrow();
  });
});
