import { describe, expect, it } from 'vitest';
import { chunkCount, chunkRequestRange, decodeChunk } from './chunks.js';

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
