import { describe, expect, it } from 'vitest';
import { type as textUnicode } from 'ot-text-unicode';
import { transformIndex, transformPresence, textUnicodeWithPresence } from './presence.js';

describe('presence transform for text-unicode', () => {
  it('moves a cursor past text inserted before it, in code points', () => {
    expect(transformPresence({ index: 3, length: 0, user: 'bob' }, [1, '😀😀'], false))
      .toEqual({ index: 5, length: 0, user: 'bob' });
  });

  it('leaves a cursor before a remote insert at the same place, moves the author past their own', () => {
    expect(transformPresence({ index: 2, length: 0 }, [2, 'xy'], false).index).toBe(2);
    expect(transformPresence({ index: 2, length: 0 }, [2, 'xy'], true).index).toBe(4);
  });

  it('shrinks a selection that a delete overlaps', () => {
    expect(transformPresence({ index: 2, length: 4 }, [1, { d: 3 }], false)).toEqual({ index: 1, length: 2 });
  });

  it('grows a selection with text inserted inside it', () => {
    expect(transformPresence({ index: 1, length: 3 }, [2, 'abc'], false)).toEqual({ index: 1, length: 6 });
  });

  it('keeps null presence (someone left) as it is', () => {
    expect(transformPresence(null, [1, 'x'], false)).toBeNull();
  });

  it('agrees with transformPosition when not the author', () => {
    const ops = [[3, 'ab'], [{ d: 2 }], [1, { d: 1 }, 'zz'], ['😀', 4, { d: 2 }]];
    for (const op of ops) {
      for (let cursor = 0; cursor < 8; cursor++) {
        expect(transformIndex(cursor, op, false)).toBe(textUnicode.transformPosition(cursor, op));
      }
    }
  });

  it('differs from transformPosition only for inserts exactly at the cursor', () => {
    expect(transformIndex(3, [3, 'ab'], true)).toBe(5);
    expect(transformIndex(4, [3, 'ab'], true)).toBe(6);
    expect(transformIndex(2, [3, 'ab'], true)).toBe(2);
    expect(transformIndex(3, [1, { d: 1 }, 1, 'q'], true)).toBe(3);
  });

  it('is registered on the type ShareDB gets', () => {
    expect(textUnicodeWithPresence.uri).toBe(textUnicode.uri);
    expect(textUnicodeWithPresence.transformPresence).toBe(transformPresence);
  });
});
