import { h } from '../lib/dom.js';
import { chunkCount, chunkRequestRange, decodeChunk } from '../lib/chunks.js';

const CHUNK_BYTES = 64 * 1024;
const KEEP_AROUND = 3; // chunks kept rendered on each side of the visible ones

/**
 * Read-only view of a large content, fetched by byte range as the reader scrolls. Only the chunks near the
 * viewport are in the page; the others are empty slots of their (estimated, then measured) height, so a 50 MiB
 * document costs the DOM a few hundred KiB.
 */
export function largeContentView({ api, url, size }) {
  performance.clearMarks('sandstone:large-first-text');
  const count = chunkCount(size, CHUNK_BYTES);
  const estimate = 1400; // px of a 64 KiB chunk of prose, corrected once the first chunk is measured
  const slots = [];
  const loaded = new Map(); // index -> text
  const inflight = new Set();
  const measured = new Map();
  const scroller = h('div', { class: 'large-view', 'data-testid': 'large-content', tabindex: '0',
    role: 'document', 'aria-label': `Document text, read only, ${formatSize(size)}` });
  const inner = h('div', { class: 'large-inner' });
  scroller.appendChild(inner);
  for (let i = 0; i < count; i++) {
    const slot = h('pre', { class: 'chunk', 'data-chunk': String(i) });
    slot.style.height = `${estimate}px`; // CSSOM, which the Content-Security-Policy allows
    slots.push(slot);
    inner.appendChild(slot);
  }
  const info = h('p', { class: 'large-info', 'data-testid': 'large-info' },
    `Large document (${formatSize(size)}): shown read-only, loaded piece by piece as you scroll.`);

  async function load(index) {
    if (loaded.has(index) || inflight.has(index)) return;
    inflight.add(index);
    try {
      const { start, end } = chunkRequestRange(index, CHUNK_BYTES, size);
      const bytes = await api.range(url, start, end);
      const text = decodeChunk(bytes, index, CHUNK_BYTES, size);
      loaded.set(index, text);
      render(index);
    } catch (error) {
      slots[index].textContent = `Could not load this part: ${error.friendly || error.message}`;
    } finally {
      inflight.delete(index);
    }
  }

  let firstShown = false;
  function render(index) {
    const slot = slots[index];
    slot.textContent = loaded.get(index);
    if (!firstShown) {
      firstShown = true;
      performance.mark('sandstone:large-first-text'); // tests and people's own tooling read the open time from it
    }
    slot.style.height = '';
    const height = slot.offsetHeight;
    if (height > 0) measured.set(index, height);
  }

  function unload(index) {
    if (!loaded.has(index)) return;
    const slot = slots[index];
    slot.style.height = `${measured.get(index) || estimate}px`;
    slot.textContent = '';
    loaded.delete(index);
  }

  function visibleRange() {
    const top = scroller.scrollTop;
    const bottom = top + scroller.clientHeight;
    let first = 0;
    // slots are in order; find the first slot whose bottom is below the top (binary search on offsets)
    let lo = 0; let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (slots[mid].offsetTop + slots[mid].offsetHeight <= top) lo = mid + 1; else hi = mid;
    }
    first = lo;
    let last = first;
    while (last + 1 < count && slots[last + 1].offsetTop < bottom) last++;
    return { first, last };
  }

  let scheduled = false;
  function update() {
    scheduled = false;
    const { first, last } = visibleRange();
    for (let i = Math.max(0, first - 1); i <= Math.min(count - 1, last + 1); i++) load(i);
    for (const index of [...loaded.keys()]) {
      if (index < first - KEEP_AROUND || index > last + KEEP_AROUND) unload(index);
    }
  }
  const onScroll = () => { if (!scheduled) { scheduled = true; requestAnimationFrame(update); } };
  scroller.addEventListener('scroll', onScroll, { passive: true });
  setTimeout(update, 0);

  const element = h('div', { class: 'large-wrap', 'data-testid': 'editor' }, info, scroller);
  return { element, destroy() { scroller.removeEventListener('scroll', onScroll); } };
}

export function formatSize(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
