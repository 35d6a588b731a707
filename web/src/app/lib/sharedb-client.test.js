// The client pieces against the reference ShareDB 7 server (in memory, over a real WebSocket): the protocol the
// collaboration endpoint speaks. Two "editors" are CodeMirror states (no DOM needed) whose changes go through
// changesToOp/opToChanges, as the editor's binding does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ShareDBServer from 'sharedb';
import ShareDB from 'sharedb/lib/client';
import WebSocketJSONStream from '@teamwork/websocket-json-stream';
import WebSocket, { WebSocketServer } from 'ws';
import { ChangeSet, EditorState } from '@codemirror/state';
import { textUnicodeWithPresence } from './presence.js';
import { TicketSocket } from './ticket-socket.js';
import { changesToOp, opToChanges } from './ops.js';

ShareDBServer.types.register(textUnicodeWithPresence);
ShareDB.types.register(textUnicodeWithPresence);

let backend;
let server;
let url;
let tickets = 0;

beforeAll(async () => {
  backend = new ShareDBServer({ presence: true, doNotForwardSendPresenceErrorsToClient: true });
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket) => {
    const stream = new WebSocketJSONStream(socket);
    stream.on('error', () => {}); // a client that dropped mid-reply: what these tests do on purpose
    backend.listen(stream);
  });
  await new Promise((resolve) => server.on('listening', resolve));
  url = `ws://127.0.0.1:${server.address().port}/api/collab`;
});

afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => backend.close(resolve));
});

const wait = (emitter, event) => new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
const until = async (condition, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

async function createDoc(id, text) {
  const doc = backend.connect().get('documents', id);
  await new Promise((resolve, reject) => doc.create(text, textUnicodeWithPresence.uri, (e) => (e ? reject(e) : resolve())));
}

/** A client as the app makes one: a TicketSocket (a new "ticket" per connection) under ShareDB's Connection. */
function client(online = { value: true }) {
  const socket = new TicketSocket({
    urlProvider: async () => `${url}?ticket=t${++tickets}`,
    WebSocketImpl: WebSocket,
    isOnline: () => online.value,
    backoffMs: [20, 50],
  });
  const connection = new ShareDB.Connection(socket);
  return { socket, connection, online };
}

/** An editor: a CodeMirror state kept in step with a subscribed doc, as bindShareDb does it. */
async function editor(connection, id) {
  const doc = connection.get('documents', id);
  await new Promise((resolve, reject) => doc.subscribe((e) => (e ? reject(e) : resolve())));
  const ed = { doc, state: EditorState.create({ doc: doc.data }) };
  doc.on('op', (op, source) => {
    if (source === 'local') return;
    ed.state = ed.state.update({ changes: opToChanges(op, ed.state.doc) }).state;
  });
  ed.edit = (spec) => {
    const changes = ChangeSet.of(spec, ed.state.doc.length);
    const op = changesToOp(changes, ed.state.doc);
    ed.state = ed.state.update({ changes }).state;
    doc.submitOp(op, { source: 'local' });
  };
  ed.text = () => ed.state.doc.toString();
  return ed;
}

async function snapshot(id) {
  const doc = backend.connect().get('documents', id);
  await new Promise((resolve) => doc.fetch(resolve));
  return { text: doc.data, version: doc.version };
}

describe('the editor binding against the reference ShareDB server', () => {
  it('two editors typing at once around astral characters converge', async () => {
    await createDoc('converge', 'a😀b');
    const one = await editor(client().connection, 'converge');
    const two = await editor(client().connection, 'converge');
    one.edit({ from: 3, insert: 'X' }); // after the emoji (UTF-16 3 = code point 2)
    two.edit({ from: 0, insert: '𝄞' });
    two.edit({ from: 5, to: 6 }); // deletes "b" (after 𝄞 a 😀: UTF-16 5)
    one.edit({ from: 0, to: 1 }); // deletes "a"
    await until(() => !one.doc.hasPending() && !two.doc.hasPending());
    const server = await snapshot('converge');
    await until(() => one.text() === server.text && two.text() === server.text);
    expect(server.text).toBe('𝄞😀X');
    expect(one.doc.version).toBe(server.version);
  });

  it('typing offline is kept, resent on reconnect with a new ticket, and applied once', async () => {
    await createDoc('offline', 'Draft');
    const c = client();
    const ed = await editor(c.connection, 'offline');
    const before = await snapshot('offline');
    c.online.value = false;
    c.socket.drop('offline');
    expect(c.connection.state).toBe('disconnected');
    ed.edit({ from: 5, insert: ' one' });
    ed.edit({ from: 9, insert: ' two' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await snapshot('offline')).text).toBe('Draft'); // nothing reached the server
    const ticketBefore = tickets;
    c.online.value = true;
    c.socket.retryNow();
    await until(() => c.connection.state === 'connected');
    expect(tickets).toBeGreaterThan(ticketBefore);
    await until(() => !ed.doc.hasPending());
    const after = await snapshot('offline');
    expect(after.text).toBe('Draft one two');
    expect(after.version - before.version).toBeLessThanOrEqual(2);
    expect(ed.text()).toBe(after.text);
  });

  it('an op whose acknowledgement was lost is resent and applied once', async () => {
    await createDoc('resend', 'x');
    const c = client();
    const ed = await editor(c.connection, 'resend');
    // The connection drops right after the op left, before its acknowledgement came back.
    c.connection.once('send', () => setTimeout(() => c.socket.drop('lost'), 0));
    ed.edit({ from: 1, insert: 'y' });
    await until(() => !ed.doc.hasPending());
    expect((await snapshot('resend')).text).toBe('xy');
  });

  it('remote cursors move with later ops (transformPresence in code points)', async () => {
    await createDoc('presence', 'hello world');
    const a = client();
    const b = client();
    const edA = await editor(a.connection, 'presence');
    await editor(b.connection, 'presence');
    const presenceA = a.connection.getDocPresence('documents', 'presence');
    const presenceB = b.connection.getDocPresence('documents', 'presence');
    await new Promise((resolve) => presenceA.subscribe(resolve));
    await new Promise((resolve) => presenceB.subscribe(resolve));
    const received = wait(presenceA, 'receive');
    presenceB.create('bob-caret').submit({ index: 6, length: 5 });
    const [id, value] = await received;
    expect(id).toBe('bob-caret');
    expect(value).toEqual({ index: 6, length: 5 });
    edA.edit({ from: 0, insert: '😀😀 ' });
    expect(presenceA.remotePresences['bob-caret']).toEqual({ index: 9, length: 5 });
  });
});
