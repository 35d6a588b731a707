import { h, replaceChildren, time } from '../lib/dom.js';

/** Auditors and admins: a document's hash-chained audit records and the chain's verification. */
export async function auditView({ api, main }) {
  const input = h('input', { id: 'audit-document', required: true, autocomplete: 'off', 'data-testid': 'audit-document' });
  const result = h('section', { 'aria-live': 'polite', 'data-testid': 'audit-result' });
  const form = h('form', {
    class: 'audit-form',
    onsubmit: async (event) => {
      event.preventDefault();
      const documentId = input.value.trim();
      try {
        const [records, verification] = await Promise.all([api.audit(documentId), api.verifyAudit(documentId)]);
        replaceChildren(result,
          h('p', { class: verification.valid ? 'ok' : 'bad', 'data-testid': 'audit-verification' },
            verification.valid
              ? `Chain verified: ${verification.records} records from version ${verification.firstVersion}, none altered.`
              : `Chain BROKEN at record ${verification.firstBrokenEventId}: a record was altered or removed.`),
          h('table', {},
            h('caption', {}, `Audit records of ${documentId} (${records.total})`),
            h('thead', {}, h('tr', {}, ['Version', 'Type', 'Actor', 'At', 'Summary', 'Hash'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, records.items.map((r) => h('tr', {},
              h('td', {}, String(r.version)), h('td', {}, r.type), h('td', {}, r.actor), h('td', {}, time(r.at)),
              h('td', {}, r.summary || ''), h('td', { class: 'hash' }, `${String(r.hash).slice(0, 12)}…`))))));
      } catch (error) {
        replaceChildren(result, h('p', { role: 'alert' }, error.friendly));
      }
    },
  }, h('label', { for: 'audit-document' }, 'Document id'), input, h('button', { type: 'submit' }, 'Show audit trail'));
  replaceChildren(main, h('h1', {}, 'Audit'), h('p', {}, 'Every change is a hash-chained record; verification recomputes the chain.'),
    form, result);
}
