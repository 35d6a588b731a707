import { h, replaceChildren, time, announce } from '../lib/dom.js';
import { renderHighlight } from '../lib/highlight.js';

const PAGE_SIZE = 20;

/** The documents list (paged), full-text search with highlights, and creating a document. */
export async function documentsView({ api, main, navigate, session }) {
  let page = 0;
  const list = h('div', { class: 'doc-list', 'aria-live': 'polite' });
  const results = h('div', { class: 'search-results', 'data-testid': 'search-results', 'aria-live': 'polite' });
  const input = h('input', { id: 'search', type: 'search', 'data-testid': 'search-input', autocomplete: 'off',
    placeholder: 'Search titles and contents' });
  let searchTimer = null;
  let searchSeq = 0;

  async function runSearch() {
    const q = input.value.trim();
    const seq = ++searchSeq;
    if (!/[\p{L}\p{N}]/u.test(q)) { replaceChildren(results); return; }
    try {
      const found = await api.search(q);
      if (seq !== searchSeq) return;
      replaceChildren(results,
        h('h2', {}, `${found.total} result${found.total === 1 ? '' : 's'} for “${q}”`),
        h('ul', {}, found.items.map((item) => h('li', { class: 'result' },
          h('a', { href: `#/d/${encodeURIComponent(item.id)}`, class: 'result-title' },
            item.highlights && item.highlights.title && item.highlights.title.length
              ? renderHighlight(h('span'), item.highlights.title[0]) : item.title),
          ...((item.highlights && item.highlights.content) || []).slice(0, 2)
            .map((snippet) => renderHighlight(h('p', { class: 'snippet' }), snippet))))));
    } catch (error) {
      if (seq === searchSeq) replaceChildren(results, h('p', { role: 'alert' }, error.friendly));
    }
  }

  async function load() {
    const data = await api.listDocuments(page, PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
    replaceChildren(list,
      data.items.length === 0 ? h('p', {}, 'No documents yet: create one.') :
        h('table', {},
          h('caption', { class: 'visually-hidden' }, 'Your documents, most recently updated first'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Status'),
            h('th', { scope: 'col' }, 'Owner'), h('th', { scope: 'col' }, 'Updated'))),
          h('tbody', {}, data.items.map((doc) => h('tr', {},
            h('td', {}, h('a', { href: `#/d/${encodeURIComponent(doc.id)}`, 'data-testid': 'document-link' }, doc.title)),
            h('td', {}, doc.status.toLowerCase()), h('td', {}, doc.owner), h('td', {}, time(doc.updatedAt)))))),
      h('nav', { class: 'pager', 'aria-label': 'Pages' },
        h('button', { type: 'button', class: 'secondary', disabled: page === 0, onclick: () => { page--; load(); } }, 'Previous'),
        h('span', {}, `Page ${page + 1} of ${pages} (${data.total} documents)`),
        h('button', { type: 'button', class: 'secondary', disabled: page + 1 >= pages, onclick: () => { page++; load(); } }, 'Next')));
  }

  const title = h('input', { id: 'new-title', required: true, maxlength: 200, placeholder: 'Untitled' });
  const createForm = h('form', {
    class: 'create',
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        const created = await api.createDocument(title.value.trim() || 'Untitled');
        announce('Document created.');
        navigate(`/d/${encodeURIComponent(created.id)}`);
      } catch (error) {
        announce(error.friendly, 'error');
      }
    },
  }, h('label', { for: 'new-title' }, 'New document title'), title,
  h('button', { type: 'submit', 'data-testid': 'new-document', disabled: session.roles.includes('auditor') && !session.roles.includes('admin') }, 'New document'));

  input.addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(runSearch, 250); });
  replaceChildren(main,
    h('h1', {}, 'Documents'),
    createForm,
    h('div', { class: 'search', role: 'search' }, h('label', { for: 'search' }, 'Search'), input),
    results,
    h('h2', {}, 'All documents'),
    list);
  await load();
}
