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
