import { describe, expect, it } from 'vitest';
import { Text } from '@codemirror/state';
import { advance, codePointIndex, codePointLength, docCodePointIndex, utf16Index } from './codepoints.js';

describe('code points and UTF-16', () => {
  const text = 'a😀b𝄞c';

  it('counts an astral character as one code point', () => {
    expect(text.length).toBe(7);
    expect(codePointLength(text)).toBe(5);
  });

  it('converts both ways around astral characters', () => {
    expect(utf16Index(text, 0)).toBe(0);
    expect(utf16Index(text, 1)).toBe(1);
    expect(utf16Index(text, 2)).toBe(3);
    expect(utf16Index(text, 4)).toBe(6);
    expect(utf16Index(text, 99)).toBe(7);
    expect(codePointIndex(text, 3)).toBe(2);
    expect(codePointIndex(text, 7)).toBe(5);
  });

  it('counts a lone surrogate as one code point, as text-unicode does', () => {
    expect(codePointLength('a\ud800b')).toBe(3);
    expect(utf16Index('a\ud800b', 2)).toBe(2);
  });

  it('advances through a CodeMirror document by code points', () => {
    const doc = Text.of(['x😀', '😀y']);
    expect(advance(doc, 0, 2)).toBe(3);
    expect(advance(doc, 3, 1)).toBe(4); // the line break
    expect(advance(doc, 4, 1)).toBe(6);
    expect(docCodePointIndex(doc, 6)).toBe(4);
  });
});
