import { h, replaceChildren, announce, time } from '../lib/dom.js';
import { openCollab, CONNECTION_LABELS } from '../lib/collab.js';
import { bindRest, bindShareDb, createEditorView, setReadOnly } from '../lib/editor.js';
import { openShareDialog } from './share.js';
import { largeContentView } from './large.js';

const RANK = { viewer: 1, editor: 2, publisher: 3, owner: 4 };

/** The caller's role on a document: the members list names it; global admins may do everything. */
async function myRole(api, session, documentId) {
  if (session.roles.includes('admin')) return 'owner';
  if (session.roles.includes('auditor')) return 'viewer';
  try {
    const members = await api.members(documentId);
    const me = members.items.find((m) => m.userId === session.userId);
    return me ? me.role : 'viewer';
  } catch {
    return 'viewer';
  }
}

export async function documentView({ api, session, main, navigate, setCleanup }, documentId) {
  // Both at once: one round trip less before the page shows anything.
  let [meta, role] = await Promise.all([api.document(documentId), myRole(api, session, documentId)]);
  const canEdit = RANK[role] >= RANK.editor && meta.status !== 'ARCHIVED';
  const canPublish = RANK[role] >= RANK.publisher && meta.status !== 'ARCHIVED';
  const isOwner = role === 'owner';

  const connectionState = h('span', { class: 'connection', 'data-testid': 'connection-state', 'data-state': 'connecting' },
    CONNECTION_LABELS.connecting);
  const saveState = h('span', { class: 'save-state', 'data-testid': 'save-state', 'data-state': 'saved' }, 'All changes saved');
  const presenceList = h('ul', { class: 'presence', 'data-testid': 'presence-list', 'aria-label': 'People here' });
  const banner = h('div', { class: 'banner', role: 'alert', hidden: true });
  const rescue = h('div', { class: 'rescue', 'data-testid': 'rescue', hidden: true });
  const editorHost = h('div', { class: 'editor', 'data-testid': 'editor' });
  const publishedList = h('ul', { class: 'published-list' });

  const setConnection = (state) => {
    connectionState.dataset.state = state;
    connectionState.textContent = CONNECTION_LABELS[state] || state;
  };
  const setSave = (state, detail) => {
    saveState.dataset.state = state;
    saveState.textContent = { saved: 'All changes saved', saving: 'Saving…', unsaved: 'Unsaved changes',
      pending: 'Sending…', error: `Not saved: ${detail || ''}` }[state] || state;
  };
  const renderPresence = (others) => replaceChildren(presenceList,
    h('li', {}, h('span', { class: 'swatch self', 'aria-hidden': 'true' }), `${session.name} (you)`),
    others.map(({ user, colour }) => h('li', { 'data-user': user },
      h('span', { class: `swatch colour-${colour}`, 'aria-hidden': 'true' }), user)));

  async function refreshMeta() {
    try {
      meta = await api.document(documentId);
      if (document.activeElement !== titleInput) titleInput.value = meta.title;
      await refreshPublished();
    } catch (error) {
      if (error.status === 404) showGone();
    }
  }
  async function refreshPublished() {
    const published = await api.published(documentId);
    replaceChildren(publishedList, published.items.length === 0 ? h('li', {}, 'Not published yet.') :
      published.items.map((p) => h('li', {}, h('a', { href: `#/d/${encodeURIComponent(documentId)}/published/${p.publishedVersion}` },
        `Version ${p.publishedVersion}`), ' by ', p.publishedBy, ', ', time(p.publishedAt))));
  }
  function showGone() {
    banner.hidden = false;
    banner.textContent = 'This document was deleted. What you see can no longer be changed.';
    if (view) setReadOnly(view, true);
  }

  const titleInput = h('input', { id: 'doc-title', class: 'title', 'data-testid': 'document-title', value: meta.title,
    maxlength: 200, readOnly: !canEdit, 'aria-label': 'Title' });
  async function rename() {
    const title = titleInput.value.trim();
    if (!title || title === meta.title) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const current = await api.document(documentId);
        await api.rename(documentId, title, current.version);
        meta.title = title;
        announce('Renamed.');
        return;
      } catch (error) {
        if (error.status !== 412) { announce(error.friendly, 'error'); titleInput.value = meta.title; return; }
      }
    }
    announce('Could not rename: the document keeps changing. Try again.', 'error');
  }
  titleInput.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); rename(); } });
  titleInput.addEventListener('change', rename);

  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Document actions' },
    isOwner ? h('button', { type: 'button', 'data-testid': 'share-button',
      onclick: () => openShareDialog({ api, documentId, onChanged: refreshMeta }) }, 'Share') : null,
    canPublish ? h('button', { type: 'button', 'data-testid': 'publish-button', onclick: async () => {
      try {
        const published = await api.publish(documentId);
        announce(`Published as version ${published.publishedVersion}.`);
        await refreshPublished();
      } catch (error) { announce(error.friendly, 'error'); }
    } }, 'Publish') : null,
    h('a', { class: 'button secondary', href: `#/d/${encodeURIComponent(documentId)}/history` }, 'History'),
    isOwner ? h('button', { type: 'button', class: 'danger', onclick: async () => {
      if (!confirm(`Delete “${meta.title}”? It disappears for everyone.`)) return;
      try {
        await api.deleteDocument(documentId);
        announce('Document deleted.');
        navigate('/');
      } catch (error) { announce(error.friendly, 'error'); }
    } }, 'Delete') : null);

  replaceChildren(main,
    h('div', { class: 'doc-head' }, h('label', { for: 'doc-title', class: 'visually-hidden' }, 'Title'), titleInput,
      h('span', { class: 'role' }, `Your role: ${role}`)),
    toolbar,
    h('div', { class: 'status-row' }, connectionState, saveState),
    banner,
    rescue,
    h('div', { class: 'doc-body' },
      editorHost,
      h('aside', { class: 'side' },
        h('h2', {}, 'Here now'), presenceList,
        h('h2', {}, 'Published versions'), publishedList)));
  renderPresence([]);
  refreshPublished().catch(() => {});

  let view = null;
  if (meta.contentTruncated) {
    setConnection('unavailable');
    connectionState.textContent = canEdit
      ? 'Large document (over 256 KiB): live editing is off; each part you edit is saved on its own.'
      : 'Read-only: this document is larger than 256 KiB and you may not edit it.';
    connectionState.dataset.state = 'large';
    saveState.hidden = !canEdit;
    const large = largeContentView({ api, url: meta.contentUrl, documentId, size: meta.contentSize,
      version: meta.version, canEdit, onSaveState: setSave,
      onConflict: (text) => rescueText(text, 'Someone else changed this document first; reload it to go on editing') });
    editorHost.replaceWith(large.element);
    const warn = (event) => { if (large.hasUnsaved()) { event.preventDefault(); event.returnValue = ''; } };
    window.addEventListener('beforeunload', warn);
    setCleanup(() => { large.flush(); large.destroy(); window.removeEventListener('beforeunload', warn); });
    return;
  }

  let binding = { onUpdate: () => {}, unbind: () => {} };
  view = createEditorView({ parent: editorHost, text: meta.content || '', readOnly: true,
    label: canEdit ? 'Document text' : 'Document text (read only)', onUpdate: (update) => binding.onUpdate(update) });

  const collab = openCollab({ api, documentId, onStatus: (state) => {
    setConnection(state);
    if (state === 'unavailable') useRest();
  } });
  let restMode = false;

  function useRest() {
    if (restMode) return;
    restMode = true;
    try { collab.close(); } catch { /* never connected */ }
    binding.unbind();
    let version = meta.version;
    setConnection('unavailable');
    binding = bindRest(view, {
      save: async (text) => {
        const result = await api.putContent(documentId, text, version);
        version = result.version;
      },
      onState: (state, error) => {
        if (state === 'error' && error && error.status === 412) {
          setSave('error', 'someone else changed it first');
          banner.hidden = false;
          replaceChildren(banner, 'Someone else saved a newer version. Your text is still here. ',
            h('button', { type: 'button', onclick: async () => {
              const current = await api.document(documentId);
              version = current.version;
              banner.hidden = true;
              binding.saveNow();
            } }, 'Keep mine'), ' ',
            h('button', { type: 'button', class: 'secondary', onclick: async () => {
              const current = await api.document(documentId);
              version = current.version;
              rescueText(view.state.doc.toString(), 'You loaded the other version');
              binding.replace(current.content || '');
              banner.hidden = true;
              setSave('saved');
            } }, 'Load theirs'));
          return;
        }
        setSave(state, error && (error.friendly || error.message));
      },
    });
    if (canEdit) { setReadOnly(view, false); view.focus(); }
  }

  function rescueText(text, reason) {
    rescue.hidden = false;
    const area = h('textarea', { readOnly: true, rows: 6, 'aria-label': 'Your unsaved text', value: text });
    replaceChildren(rescue, h('p', {}, `${reason}: your text is kept here, copy what you need.`), area,
      h('button', { type: 'button', class: 'secondary', onclick: () => { rescue.hidden = true; } }, 'Dismiss'));
  }

  collab.doc.subscribe((error) => {
    if (restMode) return;
    if (error) {
      announce(`Live editing is not available for this document: ${error.message}`, 'warning');
      useRest();
      return;
    }
    if (!collab.doc.type) { // deleted
      showGone();
      return;
    }
    collab.presence.subscribe();
    binding = bindShareDb(view, {
      doc: collab.doc,
      presence: collab.presence,
      me: session.userId,
      onPresence: renderPresence,
      onPending: (pending) => setSave(pending ? 'pending' : 'saved'),
      onRescue: (text, reason) => {
        rescueText(text, `The server did not take your last changes (${reason})`);
        setSave('error', reason);
      },
      onMetadata: () => refreshMeta(),
      onDeleted: () => showGone(),
      onError: (error, text) => {
        const code = error && error.code;
        if (code === 'ERR_DOC_DOES_NOT_EXIST' || code === 'ERR_FORBIDDEN' || code === 'ERR_CONFLICT') {
          setReadOnly(view, true);
          banner.hidden = false;
          banner.textContent = code === 'ERR_CONFLICT'
            ? `Live editing stopped: ${error.message}. Reload the page to read the document.`
            : 'You can no longer edit this document (your access changed or it is gone).';
          if (collab.doc.hasPending()) rescueText(text, 'Your last changes were not saved');
        } else {
          announce(`Live editing: ${error.message}`, 'warning');
        }
      },
    });
    if (canEdit) { setReadOnly(view, false); view.focus(); }
  });

  const beforeUnload = (event) => {
    if (collab.doc.hasPending() || saveState.dataset.state === 'unsaved' || saveState.dataset.state === 'saving') {
      event.preventDefault();
    }
  };
  window.addEventListener('beforeunload', beforeUnload);
  setCleanup(() => {
    window.removeEventListener('beforeunload', beforeUnload);
    if (restMode && saveState.dataset.state === 'unsaved') binding.saveNow(); // typed text goes out first
    binding.unbind();
    // Ops still on their way are sent before the connection closes: leaving the page never drops typed text.
    if (!restMode) collab.doc.whenNothingPending(() => collab.close());
    view.destroy();
  });
}
