import { h } from '../lib/dom.js';
import { decodePart, initialStarts, partRequestRange, shiftAfter, utf8Length } from '../lib/chunks.js';

const CHUNK_BYTES = 64 * 1024;
const KEEP_AROUND = 3; // parts kept rendered on each side of the visible ones
const SAVE_AFTER_MS = 600; // a part is saved this long after typing in it stops, and when it loses focus

/**
 * A large content, fetched by byte range as the reader scrolls. Only the parts near the viewport are in the page;
 * the others are empty slots of their (estimated, then measured) height, so a 50 MiB document costs the DOM a few
 * hundred KiB.
 *
 * Editors edit it part by part: a part becomes a text area (click it, or Enter on it), and what is typed there is
 * saved as that part's byte range only (PATCH .../content at the version this page knows), so an edit sends and
 * stores kilobytes. Saves go one at a time; while one is under way no part is read, and a read answered across a
 * save is read again, so every offset always refers to the version the page knows. A save refused because someone
 * else changed the document (412) keeps the typed text (onConflict) and makes the view read-only until reloaded.
 */
export function largeContentView({ api, url, documentId, size, version, canEdit, onSaveState = () => {},
  onConflict = () => {} }) {
  performance.clearMarks('sandstone:large-first-text');
  const starts = initialStarts(size, CHUNK_BYTES);
  const count = starts.length - 1;
  const estimate = 1400; // px of a 64 KiB part of prose, corrected once the first part is measured
  const slots = [];
  const loaded = new Map(); // index -> text as saved (or as read)
  const inflight = new Set();
  const measured = new Map();
  const editing = new Map(); // index -> textarea
  let generation = 0; // changes whenever a save starts or ends: reads begun before are stale
  let saving = false;
  let stale = false;
  let queue = Promise.resolve();
  const timers = new Map();

  const scroller = h('div', { class: 'large-view', 'data-testid': 'large-content', tabindex: '0',
    role: 'document', 'aria-label': `Document text, ${canEdit ? 'edited part by part' : 'read only'}, ${formatSize(size)}` });
  const inner = h('div', { class: 'large-inner' });
  scroller.appendChild(inner);
  for (let i = 0; i < count; i++) {
    const slot = h('pre', { class: 'chunk', 'data-chunk': String(i) });
    slot.style.height = `${estimate}px`; // CSSOM, which the Content-Security-Policy allows
    if (canEdit) {
      slot.addEventListener('click', () => beginEdit(i));
      slot.addEventListener('keydown', (event) => { if (event.key === 'Enter' && !editing.has(i)) { event.preventDefault(); beginEdit(i); } });
    }
    slots.push(slot);
    inner.appendChild(slot);
  }
  const info = h('p', { class: 'large-info', 'data-testid': 'large-info' }, canEdit
    ? `Large document (${formatSize(size)}): loaded piece by piece as you scroll. Click a part (or press Enter on it) `
      + 'to edit it; each part is saved on its own.'
    : `Large document (${formatSize(size)}): shown read-only, loaded piece by piece as you scroll.`);

  async function load(index) {
    if (loaded.has(index) || inflight.has(index) || saving) return;
    inflight.add(index);
    const issued = generation;
    try {
      const { start, end } = partRequestRange(starts, index);
      const bytes = await api.range(url, start, end);
      if (issued !== generation) return; // a save began or ended meanwhile: the offsets may have moved
      const text = decodePart(bytes, starts, index);
      loaded.set(index, text);
      render(index);
    } catch (error) {
      if (issued === generation) slots[index].textContent = `Could not load this part: ${error.friendly || error.message}`;
    } finally {
      inflight.delete(index);
      if (issued !== generation) schedule();
    }
  }

  let firstShown = false;
  function render(index) {
    const slot = slots[index];
    slot.textContent = loaded.get(index);
    if (canEdit && !stale) {
      slot.tabIndex = 0;
      slot.setAttribute('aria-label', `Part ${index + 1} of ${count}; press Enter to edit`);
    }
    if (!firstShown) {
      firstShown = true;
      performance.mark('sandstone:large-first-text'); // tests and people's own tooling read the open time from it
    }
    slot.style.height = '';
    const height = slot.offsetHeight;
    if (height > 0) measured.set(index, height);
  }

  function unload(index) {
    if (!loaded.has(index) || editing.has(index)) return; // a part being edited stays, whatever the scroll
    const slot = slots[index];
    slot.style.height = `${measured.get(index) || estimate}px`;
    slot.textContent = '';
    slot.removeAttribute('tabindex');
    slot.removeAttribute('aria-label');
    loaded.delete(index);
  }

  function beginEdit(index) {
    if (!canEdit || stale || !loaded.has(index) || editing.has(index)) return;
    const slot = slots[index];
    const height = slot.offsetHeight;
    const area = h('textarea', { class: 'chunk-editor', 'data-testid': 'large-part-editor', spellcheck: 'false',
      'aria-label': `Part ${index + 1} of ${count}, editing; Escape to finish` });
    area.value = loaded.get(index);
    slot.textContent = '';
    slot.removeAttribute('tabindex');
    slot.appendChild(area);
    area.style.height = `${Math.max(height, 80)}px`;
    editing.set(index, area);
    area.addEventListener('input', () => {
      onSaveState('unsaved');
      clearTimeout(timers.get(index));
      timers.set(index, setTimeout(() => save(index), SAVE_AFTER_MS));
    });
    area.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') { event.preventDefault(); finish(index, true); }
    });
    area.addEventListener('blur', () => finish(index, false));
    area.focus();
  }

  /** Saves what is typed, then shows the part as text again. */
  function finish(index, keepFocus) {
    save(index).then(() => {
      const area = editing.get(index);
      if (!area || stale || area.value !== loaded.get(index)) return; // typing went on, or it was refused
      editing.delete(index);
      render(index);
      if (keepFocus) slots[index].focus();
    });
  }

  /** Queues a save of the part's text; saves run one at a time, each at the version the previous one made. */
  function save(index) {
    clearTimeout(timers.get(index));
    queue = queue.then(async () => {
      const area = editing.get(index);
      if (!area || stale) return;
      const text = area.value;
      if (text === loaded.get(index)) { if (!pending()) onSaveState('saved'); return; }
      saving = true;
      generation++;
      onSaveState('saving');
      try {
        const result = await api.replaceRange(documentId, starts[index], starts[index + 1], text, version);
        version = result.version;
        shiftAfter(starts, index, utf8Length(text));
        loaded.set(index, text);
        onSaveState(pending() ? 'unsaved' : 'saved');
      } catch (error) {
        if (error.status === 412) {
          stale = true;
          area.readOnly = true;
          onSaveState('error', 'someone else changed this document first');
          onConflict(text);
        } else {
          onSaveState('error', error.friendly || error.message);
        }
      } finally {
        saving = false;
        generation++;
        schedule();
      }
    });
    return queue;
  }

  const pending = () => [...editing.entries()].some(([i, area]) => area.value !== loaded.get(i));

  function visibleRange() {
    const top = scroller.scrollTop;
    const bottom = top + scroller.clientHeight;
    // slots are in order; find the first slot whose bottom is below the top (binary search on offsets)
    let lo = 0; let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (slots[mid].offsetTop + slots[mid].offsetHeight <= top) lo = mid + 1; else hi = mid;
    }
    const first = lo;
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
  function schedule() { if (!scheduled) { scheduled = true; requestAnimationFrame(update); } }
  scroller.addEventListener('scroll', schedule, { passive: true });
  setTimeout(update, 0);

  const element = h('div', { class: 'large-wrap', 'data-testid': 'editor' }, info, scroller);
  return {
    element,
    /** True while typed text is not saved yet (the page warns before leaving). */
    hasUnsaved: () => pending() || saving,
    /** Saves every part being edited (before leaving the page). */
    flush: () => Promise.all([...editing.keys()].map((i) => save(i))),
    destroy() { scroller.removeEventListener('scroll', schedule); timers.forEach((t) => clearTimeout(t)); },
  };
}

export function formatSize(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
