'use strict';
// What the live channel's node tests share: tokens, REST calls, ShareDB connections (official client) and raw
// protocol sockets against SANDSTONE_URL; every socket opened here is terminated after the test file.
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const WebSocket = require('ws');
const ShareDB = require('sharedb/lib/client');
const textUnicode = require('ot-text-unicode');

// ot-text-unicode has no transformPresence: a client registers one, built from transformPosition, for presence
// values {index, length} in code points (docs/collaboration.md shows the same function).
textUnicode.type.transformPresence = (value, op, isOwnOp) => {
  if (!value || typeof value.index !== 'number') return value;
  const start = textUnicode.type.transformPosition(value.index, op, isOwnOp);
  const end = textUnicode.type.transformPosition(value.index + (value.length || 0), op, isOwnOp);
  return {...value, index: start, length: Math.max(0, end - start)};
};
ShareDB.types.register(textUnicode.type);
ShareDB.logger.setMethods({info: () => {}, warn: () => {}});

const BASE = process.env.SANDSTONE_URL;
const WS_BASE = BASE.replace(/^http/, 'ws') + '/api/collab';
const opened = [];

test.after(() => opened.forEach((socket) => socket.terminate()));

function user(name) {
  return name + '-' + crypto.randomBytes(4).toString('hex');
}

async function token(sub, roles = []) {
  const response = await fetch(BASE + '/local/token', {
    method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({sub, roles})});
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

async function rest(method, path, bearer, body, headers = {}) {
  const response = await fetch(BASE + path, {
    method,
    headers: Object.assign({Authorization: 'Bearer ' + bearer},
        body === undefined ? {} : {'Content-Type': 'application/json'}, headers),
    body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await response.text();
  return {status: response.status, etag: response.headers.get('etag'), body: text ? JSON.parse(text) : null};
}

async function createDocument(owner, content) {
  const created = await rest('POST', '/api/documents', owner, {title: 'Live ' + Date.now(), content});
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id;
}

function socketFor(bearer) {
  const socket = new WebSocket(WS_BASE, {headers: {Authorization: 'Bearer ' + bearer}});
  opened.push(socket);
  return socket;
}

function connect(bearer) {
  return new ShareDB.Connection(socketFor(bearer));
}

function promised(fn) {
  return new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));
}

async function subscribed(connection, id) {
  const doc = connection.get('documents', id);
  await promised((done) => doc.subscribe(done));
  return doc;
}

function submit(doc, op) {
  return promised((done) => doc.submitOp(op, done));
}

async function eventually(check, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error('Not within ' + timeoutMs + ' ms: ' + what + ': ' + (last && last.message));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A raw protocol connection: send JSON, await the next message that matches. */
async function raw(bearer, url = WS_BASE) {
  const socket = bearer ? new WebSocket(url, {headers: {Authorization: 'Bearer ' + bearer}}) : new WebSocket(url);
  opened.push(socket);
  const inbox = [];
  const waiters = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    const index = waiters.findIndex((waiter) => waiter.match(message));
    if (index >= 0) {
      waiters.splice(index, 1)[0].resolve(message);
    } else {
      inbox.push(message);
    }
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const client = {
    socket,
    send: (message) => socket.send(JSON.stringify(message)),
    next(match, timeoutMs = 5000) {
      const index = inbox.findIndex(match);
      if (index >= 0) {
        return Promise.resolve(inbox.splice(index, 1)[0]);
      }
      return new Promise((resolve, reject) => {
        const waiter = {match, resolve};
        waiters.push(waiter);
        setTimeout(() => reject(new Error('no matching message; inbox: ' + JSON.stringify(inbox))), timeoutMs);
      });
    },
  };
  await client.next((m) => m.a === 'init');
  return client;
}

function refusedUpgrade(url, headers) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {headers});
    opened.push(socket);
    socket.on('unexpected-response', (request, response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({status: response.statusCode, body}));
    });
    socket.on('open', () => reject(new Error('the upgrade was accepted')));
    socket.on('error', () => {});
  });
}

module.exports = {BASE, WS_BASE, user, token, rest, createDocument, socketFor, connect, promised, subscribed, submit, eventually, raw, refusedUpgrade, textUnicode, ShareDB, WebSocket};
