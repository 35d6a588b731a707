import { describe, expect, it } from 'vitest';
import { chunkCount, chunkRequestRange, decodeChunk, decodePart, initialStarts, partRequestRange, shiftAfter, utf8Length } from './chunks.js';

describe('chunks of a large content', () => {
  it('tile a UTF-8 text without cutting or doubling a character', () => {
    const text = 'aé😀中b'.repeat(50);
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 3, 5, 7, 16]) {
      let joined = '';
      for (let i = 0; i < chunkCount(bytes.length, size); i++) {
        const { start, end } = chunkRequestRange(i, size, bytes.length);
        joined += decodeChunk(bytes.subarray(start, end + 1), i, size, bytes.length);
      }
      expect(joined, `chunk size ${size}`).toBe(text);
    }
  });

  it('asks for three bytes past the chunk, never past the end', () => {
    expect(chunkRequestRange(0, 10, 100)).toEqual({ start: 0, end: 12 });
    expect(chunkRequestRange(9, 10, 100)).toEqual({ start: 90, end: 99 });
  });
});

describe('parts of a large content being edited', () => {
  const encoder = new TextEncoder();
  const read = (bytes, starts, i) => {
    const { start, end } = partRequestRange(starts, i);
    return decodePart(bytes.subarray(start, end + 1), starts, i);
  };
  const splice = (bytes, start, end, text) => {
    const insert = encoder.encode(text);
    const out = new Uint8Array(bytes.length - (end - start) + insert.length);
    out.set(bytes.subarray(0, start), 0);
    out.set(insert, start);
    out.set(bytes.subarray(end), start + insert.length);
    return out;
  };

  it('tile the content whatever the order they are read in, with exact character bounds', () => {
    const text = 'aé😀中b'.repeat(40);
    const bytes = encoder.encode(text);
    for (const size of [1, 3, 7, 16]) {
      const starts = initialStarts(bytes.length, size);
      const parts = [];
      for (let i = starts.length - 2; i >= 0; i -= 2) parts[i] = read(bytes, starts, i);
      for (let i = 0; i < starts.length - 1; i++) if (parts[i] === undefined) parts[i] = read(bytes, starts, i);
      expect(parts.join(''), `size ${size}`).toBe(text);
      for (let i = 0; i < starts.length - 1; i++) {
        expect(new TextDecoder().decode(bytes.subarray(starts[i], starts[i + 1]))).toBe(parts[i]);
      }
    }
  });

  it('move every later part when one is saved, so the next save and read address the new content', () => {
    const text = 'alpha é beta 😀 gamma 中 delta '.repeat(20);
    let bytes = encoder.encode(text);
    const starts = initialStarts(bytes.length, 32);
    const parts = starts.slice(0, -1).map((_, i) => read(bytes, starts, i));

    const edited = parts[2].replace('beta', 'BETA – much longer now 😀');
    const before = starts[3] - starts[2];
    bytes = splice(bytes, starts[2], starts[3], edited);
    const delta = shiftAfter(starts, 2, utf8Length(edited));
    parts[2] = edited;

    expect(delta).toBe(utf8Length(edited) - before);
    expect(starts[starts.length - 1]).toBe(bytes.length);
    for (let i = 0; i < starts.length - 1; i++) {
      expect(new TextDecoder().decode(bytes.subarray(starts[i], starts[i + 1]))).toBe(parts[i]);
    }
    expect(read(bytes, starts, 5)).toBe(parts[5]);
  });
});
