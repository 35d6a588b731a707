// Large contents are read by byte range. A range may cut a UTF-8 character in two, so each chunk is widened to
// whole characters: it starts at the first byte at or after its start that begins a character, and ends at the
// first such byte at or after its end. Chunks therefore tile the content without losing or doubling a character.

/** Bytes that continue a UTF-8 character (10xxxxxx) begin none. */
const isContinuation = (byte) => (byte & 0xc0) === 0x80;

/** The range to ask for chunk {@code index}: a little past its end, to finish the last character. */
export function chunkRequestRange(index, chunkSize, totalSize) {
  const start = index * chunkSize;
  const end = Math.min(totalSize, start + chunkSize + 3) - 1;
  return { start, end };
}

/**
 * The text of chunk {@code index} from the bytes fetched for chunkRequestRange (which start at index * chunkSize).
 */
export function decodeChunk(bytes, index, chunkSize, totalSize, decoder = new TextDecoder('utf-8')) {
  let from = 0;
  if (index > 0) {
    while (from < bytes.length && from < 4 && isContinuation(bytes[from])) from++;
  }
  let to = Math.min(bytes.length, chunkSize);
  if (index * chunkSize + to < totalSize) {
    while (to < bytes.length && isContinuation(bytes[to])) to++;
  } else {
    to = bytes.length;
  }
  return decoder.decode(bytes.subarray(from, to));
}

export function chunkCount(totalSize, chunkSize) {
  return Math.max(1, Math.ceil(totalSize / chunkSize));
}

// Editing a large content part by part. Each part (slot) i covers the bytes [starts[i], starts[i + 1]) of the
// current content; starts begin as multiples of the chunk size and are moved to character boundaries when a part is
// read (a boundary found by one part is the same one its neighbour finds). Saving part i replaces exactly its bytes
// (PATCH .../content with start and end), and every later part moves by the difference in length.

/** Byte offsets where each of count parts starts, plus the end of the content. */
export function initialStarts(totalSize, chunkSize) {
  const count = chunkCount(totalSize, chunkSize);
  const starts = [];
  for (let i = 0; i < count; i++) starts.push(Math.min(totalSize, i * chunkSize));
  starts.push(totalSize);
  return starts;
}

/** The range to ask for part index: a little past its end, to finish its last character. */
export function partRequestRange(starts, index) {
  const totalSize = starts[starts.length - 1];
  return { start: starts[index], end: Math.max(starts[index], Math.min(totalSize, starts[index + 1] + 3) - 1) };
}

/**
 * The text of part index from the bytes fetched for partRequestRange, and its exact bounds: it starts at the first
 * character at or after starts[index] and ends before the first character at or after starts[index + 1]. The bounds
 * are written back into starts.
 */
export function decodePart(bytes, starts, index, decoder = new TextDecoder('utf-8')) {
  const totalSize = starts[starts.length - 1];
  const base = starts[index];
  let from = 0;
  if (index > 0) {
    while (from < bytes.length && from < 4 && isContinuation(bytes[from])) from++;
  }
  let to = Math.min(bytes.length, starts[index + 1] - base);
  if (base + to < totalSize) {
    while (to < bytes.length && isContinuation(bytes[to])) to++;
  }
  starts[index] = base + from;
  if (index + 1 < starts.length - 1) starts[index + 1] = base + to;
  return decoder.decode(bytes.subarray(from, to));
}

/** After part index was saved with text of newLength bytes: every later part moves by the difference. */
export function shiftAfter(starts, index, newLength) {
  const delta = newLength - (starts[index + 1] - starts[index]);
  for (let j = index + 1; j < starts.length; j++) starts[j] += delta;
  return delta;
}

export const utf8Length = (text) => new TextEncoder().encode(text).length;
