// Positions in ShareDB's text-unicode ops count Unicode code points; CodeMirror (like every JS string) counts
// UTF-16 code units. A character outside the Basic Multilingual Plane (an emoji, say) is one code point and two
// code units, so every position that crosses the wire is converted here.

const isHighSurrogate = (unit) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit) => unit >= 0xdc00 && unit <= 0xdfff;

/** How many code points the string has (a lone surrogate counts as one, as in text-unicode). */
export function codePointLength(text) {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    count++;
  }
  return count;
}

/** The UTF-16 index of the given code point offset into the string (clamped to its length). */
export function utf16Index(text, codePoints) {
  let i = 0;
  for (let n = 0; n < codePoints && i < text.length; n++) {
    i += isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** The code point offset of a UTF-16 index into the string (an index inside a pair counts the pair as before). */
export function codePointIndex(text, utf16) {
  return codePointLength(text.slice(0, utf16));
}

/**
 * Moves {@code codePoints} forward from UTF-16 position {@code from} in a CodeMirror document (anything with
 * {@code length} and {@code sliceString(from, to)}), returning the UTF-16 position reached. Reads only the text it
 * crosses, so converting an op costs the op's extent, not the document's.
 */
export function advance(doc, from, codePoints) {
  if (codePoints <= 0) return from;
  const slice = doc.sliceString(from, Math.min(doc.length, from + 2 * codePoints + 1));
  return from + utf16Index(slice, codePoints);
}

/** The code point offset of a UTF-16 position in a CodeMirror document. */
export function docCodePointIndex(doc, utf16) {
  return codePointLength(doc.sliceString(0, utf16));
}
