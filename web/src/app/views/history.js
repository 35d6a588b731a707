import { diffLines, diffWordsWithSpace } from 'diff';
import { h, replaceChildren, time, announce } from '../lib/dom.js';

const PAGE = 50;
const WORD_DIFF_LIMIT = 20000; // characters: above, lines are compared instead of words (fast enough for any size)

/** History timeline: every version with author and time; view one; compare two; restore one as a new edit. */
export async function historyView({ api, main, navigate }, documentId) {
  const meta = await api.document(documentId);
  let page = 0;
  const selected = { a: null, b: null };
  const timeline = h('ol', { class: 'timeline', reversed: true });
  const output = h('section', { class: 'history-output', 'aria-live': 'polite', 'data-testid': 'history-output' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'History pages' });
  const compareButton = h('button', { type: 'button', 'data-testid': 'compare', disabled: true, onclick: () => compare() },
    'Compare selected versions');

  async function load() {
    const data = await api.history(documentId, page, PAGE);
    replaceChildren(timeline, data.items.map((item) => h('li', { 'data-version': String(item.version) },
      h('div', { class: 'entry' },
        h('strong', {}, `Version ${item.version}`), ' · ', item.type.replace(/_/g, ' '), ' · ', item.actor, ' · ', time(item.at),
        item.summary ? h('div', { class: 'summary' }, item.summary) : null),
      h('div', { class: 'entry-actions' },
        h('label', {}, h('input', { type: 'radio', name: 'diff-a', value: String(item.version), 'aria-label': `Compare from version ${item.version}`,
          onchange: () => { selected.a = item.version; compareButton.disabled = !(selected.a && selected.b); } }), ' from'),
        h('label', {}, h('input', { type: 'radio', name: 'diff-b', value: String(item.version), 'aria-label': `Compare to version ${item.version}`,
          onchange: () => { selected.b = item.version; compareButton.disabled = !(selected.a && selected.b); } }), ' to'),
        h('button', { type: 'button', class: 'secondary', 'data-testid': 'view-version', onclick: () => show(item.version) },
          `View version ${item.version}`)))));
    const pages = Math.max(1, Math.ceil(data.total / PAGE));
    replaceChildren(pager,
      h('button', { type: 'button', class: 'secondary', disabled: page === 0, onclick: () => { page--; load(); } }, 'Newer'),
      h('span', {}, `Page ${page + 1} of ${pages}`),
      h('button', { type: 'button', class: 'secondary', disabled: page + 1 >= pages, onclick: () => { page++; load(); } }, 'Older'));
  }

  async function show(version) {
    try {
      const text = await api.revisionText(documentId, version);
      replaceChildren(output,
        h('h2', {}, `Version ${version} (read only)`),
        h('pre', { class: 'revision', 'data-testid': 'revision-content', tabindex: '0', 'aria-label': `Text of version ${version}` }, text),
        h('button', { type: 'button', 'data-testid': 'restore-version', onclick: () => restore(version, text) },
          `Restore version ${version} as a new edit`));
    } catch (error) {
      replaceChildren(output, h('p', { role: 'alert' }, error.friendly));
    }
  }

  async function restore(version, text) {
    try {
      const current = await api.document(documentId);
      const result = await api.putContent(documentId, text, current.version);
      announce(`Version ${version} restored as version ${result.version}.`);
      page = 0;
      await load();
    } catch (error) {
      announce(error.status === 412 ? 'Someone changed the document meanwhile: try again.' : error.friendly, 'error');
    }
  }

  async function compare() {
    const [from, to] = [Math.min(selected.a, selected.b), Math.max(selected.a, selected.b)];
    try {
      const [a, b] = await Promise.all([api.revisionText(documentId, from), api.revisionText(documentId, to)]);
      const parts = a.length + b.length <= WORD_DIFF_LIMIT ? diffWordsWithSpace(a, b) : diffLines(a, b);
      replaceChildren(output,
        h('h2', {}, `Changes from version ${from} to version ${to}`),
        h('p', { class: 'legend' }, h('ins', {}, 'added'), ' ', h('del', {}, 'removed')),
        h('pre', { class: 'diff', 'data-testid': 'diff', tabindex: '0', 'aria-label': 'Differences' },
          parts.map((part) => part.added ? h('ins', {}, part.value) : part.removed ? h('del', {}, part.value) : part.value)));
    } catch (error) {
      replaceChildren(output, h('p', { role: 'alert' }, error.friendly));
    }
  }

  replaceChildren(main,
    h('p', {}, h('a', { href: `#/d/${encodeURIComponent(documentId)}` }, `← Back to “${meta.title}”`)),
    h('h1', {}, `History of “${meta.title}”`),
    h('section', { class: 'history-panel', 'data-testid': 'history-panel', 'aria-label': 'Versions' },
      compareButton, timeline, pager),
    output);
  await load();
}
