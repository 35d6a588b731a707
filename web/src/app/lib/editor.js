// CodeMirror 6 bound to a ShareDB text-unicode document (live), or saving over REST when live editing is not
// available. Local changes are applied at once (local echo) and become ops; remote ops become transactions
// annotated as remote, so they are neither sent back nor put on the local undo history.
import { Annotation, Compartment, EditorState, StateEffect, StateField, Transaction } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, keymap, drawSelection, highlightActiveLine } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { changesToOp, opToChanges } from './ops.js';
import { docCodePointIndex, advance } from './codepoints.js';
import { colourIndex } from './dom.js';

const Remote = Annotation.define();
const LOCAL_SOURCE = 'sandstone-editor';

const setRemoteCursors = StateEffect.define();
const readOnlyCompartment = new Compartment();

/** Allows or blocks typing (the caret, selection and keyboard navigation keep working). */
export function setReadOnly(view, readOnly) {
  view.dispatch({ effects: readOnlyCompartment.reconfigure(readOnlyExtensions(readOnly)) });
}

function readOnlyExtensions(readOnly) {
  return [EditorState.readOnly.of(readOnly), EditorView.contentAttributes.of({ 'aria-readonly': readOnly ? 'true' : 'false' })];
}

class CaretWidget extends WidgetType {
  constructor(user, colour) { super(); this.user = user; this.colour = colour; }
  eq(other) { return other.user === this.user && other.colour === this.colour; }
  toDOM() {
    const caret = document.createElement('span');
    caret.className = `cm-remote-caret colour-${this.colour}`;
    caret.setAttribute('data-testid', 'remote-cursor');
    caret.setAttribute('data-user', this.user);
    caret.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'cm-remote-label';
    label.textContent = this.user;
    caret.appendChild(label);
    return caret;
  }
  ignoreEvent() { return true; }
}

const remoteCursorField = StateField.define({
  create: () => Decoration.none,
  update(decorations, tr) {
    decorations = decorations.map(tr.changes);
    for (const effect of tr.effects) if (effect.is(setRemoteCursors)) decorations = effect.value;
    return decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** Decorations for remote presences {index, length, user} (code points) in the document. */
function cursorDecorations(doc, presences) {
  const ranges = [];
  for (const value of presences) {
    if (!value || typeof value.index !== 'number') continue;
    const from = Math.min(doc.length, advance(doc, 0, value.index));
    const to = Math.min(doc.length, advance(doc, from, Math.max(0, value.length || 0)));
    const user = String(value.user || 'someone');
    const colour = colourIndex(user);
    if (to > from) ranges.push(Decoration.mark({ class: `cm-remote-selection colour-${colour}` }).range(from, to));
    ranges.push(Decoration.widget({ widget: new CaretWidget(user, colour), side: 1 }).range(to));
  }
  return Decoration.set(ranges, true);
}

/** The page's style nonce (the Content-Security-Policy allows CodeMirror's <style> element with it). */
function styleNonce() {
  const meta = document.querySelector('meta[name="csp-nonce"]');
  return meta ? meta.getAttribute('content') : '';
}

/**
 * A CodeMirror view in {@code parent}. {@code readOnly} blocks typing but keeps the caret, selection and keyboard
 * navigation. {@code onTransactions(update)} sees every update.
 */
export function createEditorView({ parent, text = '', readOnly = false, label = 'Document text', onUpdate = () => {} }) {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        history(),
        drawSelection(),
        highlightActiveLine(),
        EditorView.lineWrapping,
        keymap.of([...defaultKeymap, ...historyKeymap]),
        readOnlyCompartment.of(readOnlyExtensions(readOnly)),
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true', role: 'textbox' }),
        remoteCursorField,
        EditorView.cspNonce.of(styleNonce()),
        EditorView.updateListener.of(onUpdate),
      ],
    }),
  });
}

/** Replaces the whole text, as a remote change. */
function replaceAll(view, text) {
  if (view.state.doc.toString() === text) return;
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    annotations: [Remote.of(true), Transaction.addToHistory.of(false)],
  });
}

/**
 * Binds a view to a subscribed ShareDB doc and its presence. Callbacks: onPresence(list of {id, user, colour}),
 * onPending(bool), onRescue(text, reason) when the server refused our changes (the text is kept for the user),
 * onMetadata() for no-op ops (rename, share, publish), onDeleted().
 */
export function bindShareDb(view, { doc, presence, me, onPresence = () => {}, onPending = () => {},
  onRescue = () => {}, onMetadata = () => {}, onDeleted = () => {}, onError = () => {} }) {
  replaceAll(view, typeof doc.data === 'string' ? doc.data : '');
  const local = presence.create();
  let presenceTimer = null;
  let lastSent = null;
  let lastLocalText = view.state.doc.toString();

  const sendPresence = () => {
    presenceTimer = null;
    const { main } = view.state.selection;
    const index = docCodePointIndex(view.state.doc, main.from);
    const length = docCodePointIndex(view.state.doc, main.to) - index;
    const key = `${index}:${length}`;
    if (key === lastSent || !doc.connection.canSend) return;
    lastSent = key;
    local.submit({ index, length }, (error) => { if (error) lastSent = null; });
  };

  const redrawCursors = () => {
    const values = Object.values(presence.remotePresences || {}).filter(Boolean);
    view.dispatch({ effects: setRemoteCursors.of(cursorDecorations(view.state.doc, values)) });
    const users = [];
    const seen = new Set([me]);
    for (const value of values) {
      const user = String(value.user || 'someone');
      if (!seen.has(user)) { seen.add(user); users.push({ user, colour: colourIndex(user) }); }
    }
    onPresence(users);
  };

  const onLocalUpdate = (update) => {
    for (const tr of update.transactions) {
      if (!tr.docChanged || tr.annotation(Remote)) continue;
      const op = changesToOp(tr.changes, tr.startState.doc);
      if (op.length === 0) continue;
      lastLocalText = tr.state.doc.toString();
      doc.submitOp(op, { source: LOCAL_SOURCE }, (error) => {
        if (error) onRescue(lastLocalText, error.message || String(error));
      });
      onPending(true);
    }
    if ((update.selectionSet || update.docChanged) && !presenceTimer) presenceTimer = setTimeout(sendPresence, 40);
  };

  const onOp = (op, source) => {
    if (source === LOCAL_SOURCE) return;
    if (!Array.isArray(op) || op.length === 0) {
      onMetadata();
      return;
    }
    view.dispatch({ changes: opToChanges(op, view.state.doc),
      annotations: [Remote.of(true), Transaction.addToHistory.of(false)] });
    if (view.state.doc.length < 65536 && view.state.doc.toString() !== doc.data) {
      replaceAll(view, doc.data); // never drift: the doc's snapshot is the truth
    }
    redrawCursors();
  };
  const onLoad = () => { replaceAll(view, typeof doc.data === 'string' ? doc.data : ''); redrawCursors(); };
  const onNothingPending = () => onPending(false);
  const onDel = () => onDeleted();
  // The server ended the subscription (access revoked, document now too large for live editing) or refused an op.
  const onDocError = (error) => onError(error, view.state.doc.toString());
  const onReceive = () => redrawCursors();
  const onConnected = (state) => { if (state === 'connected') { lastSent = null; sendPresence(); } };

  doc.on('op', onOp);
  doc.on('load', onLoad);
  doc.on('del', onDel);
  doc.on('error', onDocError);
  doc.on('nothing pending', onNothingPending);
  presence.on('receive', onReceive);
  doc.connection.on('state', onConnected);
  sendPresence();
  redrawCursors();

  return {
    onUpdate: onLocalUpdate,
    unbind() {
      doc.off('op', onOp);
      doc.off('load', onLoad);
      doc.off('del', onDel);
      doc.off('error', onDocError);
      doc.off('nothing pending', onNothingPending);
      presence.off('receive', onReceive);
      doc.connection.off('state', onConnected);
      clearTimeout(presenceTimer);
      try { local.destroy(); } catch { /* gone */ }
    },
  };
}

/**
 * Saving over REST when there is no live endpoint: a short pause after typing, then PUT content with If-Match.
 * A 412 keeps the typed text in the editor and asks what to do; nothing typed is dropped.
 */
export function bindRest(view, { save, onState = () => {}, delayMs = 600 }) {
  let timer = null;
  let saving = false;
  let dirty = false;
  const flush = async () => {
    timer = null;
    if (saving) { dirty = true; return; }
    saving = true;
    dirty = false;
    onState('saving');
    try {
      await save(view.state.doc.toString());
      onState(dirty ? 'unsaved' : 'saved');
    } catch (error) {
      onState('error', error);
      saving = false;
      return;
    }
    saving = false;
    if (dirty) flush();
  };
  return {
    onUpdate(update) {
      if (!update.docChanged || update.transactions.every((tr) => tr.annotation(Remote))) return;
      onState('unsaved');
      clearTimeout(timer);
      timer = setTimeout(flush, delayMs);
    },
    saveNow() { clearTimeout(timer); return flush(); },
    replace(text) { replaceAll(view, text); },
    unbind() { clearTimeout(timer); },
  };
}
