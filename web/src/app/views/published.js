import { h, replaceChildren, time } from '../lib/dom.js';

/** A published version, read only, exactly as published. */
export async function publishedView({ api, main }, documentId, n) {
  const published = await api.publishedVersion(documentId, n);
  let text = published.content;
  if (text === null || text === undefined || published.contentTruncated) {
    text = await (await api.raw('GET', `/api/documents/${encodeURIComponent(documentId)}/published/${n}/content`)).text();
  }
  replaceChildren(main,
    h('p', {}, h('a', { href: `#/d/${encodeURIComponent(documentId)}` }, '← Back to the document')),
    h('article', { class: 'published', 'data-testid': 'published-view' },
      h('h1', {}, published.title),
      h('p', { class: 'meta' }, `Published version ${published.publishedVersion} (document version ${published.documentVersion}) by `,
        published.publishedBy, ', ', time(published.publishedAt)),
      h('pre', { class: 'published-content', 'data-testid': 'published-content', tabindex: '0' }, text)));
}
