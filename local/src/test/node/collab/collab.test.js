'use strict';
// The live channel at /api/collab, driven by ShareDB's official client (sharedb/lib/client, unmodified) and, where a
// test must send exact messages (stale versions, resends), by a raw WebSocket speaking the same protocol.
// Run by LiveCollaborationProtocolTest against the whole service: SANDSTONE_URL names it.
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const {
  BASE, WS_BASE, user, token, rest, createDocument, socketFor, connect, promised, subscribed, submit, eventually,
  raw, refusedUpgrade, textUnicode, ShareDB, WebSocket,
} = require('./helpers');

test('a snapshot is the plain text at the REST version, as text-unicode', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const id = await createDocument(alice, 'Hello 🌍');
  const doc = await subscribed(connect(alice), id);
  assert.equal(doc.type.name, 'text-unicode');
  assert.equal(doc.data, 'Hello 🌍');
  assert.equal(doc.version, 1);
  const rest1 = await rest('GET', '/api/documents/' + id, alice);
  assert.equal(rest1.etag, '"1"');
});

test('concurrent operations from several clients converge to one text and one version, the REST one', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const bob = user('bob');
  const carol = user('carol');
  const id = await createDocument(alice, '');
  await rest('PUT', '/api/documents/' + id + '/members/' + bob, alice, {role: 'editor'});
  await rest('PUT', '/api/documents/' + id + '/members/' + carol, alice, {role: 'editor'});
  const docs = await Promise.all([alice, await token(bob), await token(carol)]
      .map(async (bearer) => subscribed(connect(bearer), id)));
  await eventually(() => docs.forEach((doc) => assert.equal(doc.version, 3)), 'every client at version 3');
  const writes = [];
  docs.forEach((doc, client) => {
    for (let i = 0; i < 15; i++) {
      writes.push(submit(doc, ['c' + client + 'i' + i + (i % 5 === 0 ? '😀' : '') + ' ']));
    }
  });
  await Promise.all(writes);
  await eventually(() => {
    docs.forEach((doc) => assert.equal(doc.data, docs[0].data));
    docs.forEach((doc) => assert.equal(doc.version, docs[0].version));
  }, 'all clients on one text');
  const text = docs[0].data;
  for (let client = 0; client < 3; client++) {
    for (let i = 0; i < 15; i++) {
      assert.ok(text.includes('c' + client + 'i' + i), 'kept c' + client + 'i' + i);
    }
  }
  const current = await eventually(async () => {
    const read = await rest('GET', '/api/documents/' + id, alice);
    assert.equal(read.body.content, text);
    return read;
  }, 'REST shows the live text');
  assert.equal(current.etag, '"' + docs[0].version + '"');
  assert.ok(docs[0].version <= 3 + 45, 'at most one version per operation');
});

test('an operation made at an old version is transformed against everything committed since', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const id = await createDocument(alice, 'abc');
  const client = await raw(alice);
  client.send({a: 'hs', protocol: 1, protocolMinor: 2, id: null});
  const hello = await client.next((m) => m.a === 'hs');
  // Someone else edits first, over REST: version 2 is 'XXabc'.
  const edited = await rest('PUT', '/api/documents/' + id + '/content', alice, {content: 'XXabc'}, {'If-Match': '"1"'});
  assert.equal(edited.status, 200);
  // This client still thinks it is at version 1 and appends 'd' after 'abc'.
  client.send({a: 'op', c: 'documents', d: id, v: 1, src: hello.id, seq: 1, op: [3, 'd']});
  const ack = await client.next((m) => m.a === 'op' && m.seq === 1 && m.src === hello.id && !('op' in m));
  assert.equal(ack.v, 2);
  const read = await eventually(async () => {
    const got = await rest('GET', '/api/documents/' + id, alice);
    assert.equal(got.body.content, 'XXabcd');
    return got;
  }, 'transformed text');
  assert.equal(read.etag, '"3"');
});

test('a resent operation is applied once and acknowledged again', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const id = await createDocument(alice, 'one');
  const first = await raw(alice);
  first.send({a: 'hs', protocol: 1, protocolMinor: 2, id: null});
  const src = (await first.next((m) => m.a === 'hs')).id;
  const op = {a: 'op', c: 'documents', d: id, v: 1, src, seq: 7, op: [3, ' two']};
  first.send(op);
  await first.next((m) => m.a === 'op' && m.seq === 7);
  first.socket.close();
  // The client reconnects with its old id and sends the same operation again, as ShareDB's client does.
  const again = await raw(alice);
  again.send({a: 'hs', protocol: 1, protocolMinor: 2, id: src});
  assert.equal((await again.next((m) => m.a === 'hs')).id, src);
  again.send(op);
  const ack = await again.next((m) => m.a === 'op' && m.seq === 7 && m.src === src && !('op' in m));
  assert.equal(ack.v, 1);
  const read = await rest('GET', '/api/documents/' + id, alice);
  assert.equal(read.body.content, 'one two');
  assert.equal(read.etag, '"2"');
});

test('an operation that changes nothing is not committed', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const id = await createDocument(alice, 'same');
  const client = await raw(alice);
  client.send({a: 'op', c: 'documents', d: id, v: 1, seq: 1, op: []});
  const reply = await client.next((m) => m.a === 'op' && m.error);
  assert.equal(reply.error.code, 'ERR_NO_OP');
  assert.equal((await rest('GET', '/api/documents/' + id, alice)).etag, '"1"');
});

test('a malformed operation is refused with a precise error and changes nothing', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const id = await createDocument(alice, 'abc');
  const client = await raw(alice);
  client.send({a: 'op', c: 'documents', d: id, v: 1, seq: 1, op: [10, 'x']});
  const tooFar = await client.next((m) => m.a === 'op' && m.error);
  assert.equal(tooFar.error.code, 'ERR_OT_OP_NOT_APPLIED');
  client.send({a: 'op', c: 'documents', d: id, v: 1, seq: 2, op: [{x: 1}]});
  const garbage = await client.next((m) => m.a === 'op' && m.error);
  assert.equal(garbage.error.code, 'ERR_OT_OP_BADLY_FORMED');
  client.socket.send('not json');
  const notJson = await client.next((m) => m.error && m.error.code === 'ERR_MESSAGE_BADLY_FORMED');
  assert.match(notJson.error.message, /JSON/);
  assert.equal((await rest('GET', '/api/documents/' + id, alice)).body.content, 'abc');
});

test('REST edits and other changes reach subscribers as operations, versions in step', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const id = await createDocument(alice, 'Draft');
  const doc = await subscribed(connect(alice), id);
  const ops = [];
  doc.on('op', (op, source) => ops.push({op, source}));
  await rest('PUT', '/api/documents/' + id + '/content', alice, {content: 'Draft two'}, {'If-Match': '"1"'});
  await rest('PATCH', '/api/documents/' + id, alice, {title: 'Renamed'}, {'If-Match': '"2"'});
  await eventually(() => {
    assert.equal(doc.data, 'Draft two');
    assert.equal(doc.version, 3);
  }, 'REST edit and rename arrive');
  assert.deepEqual(ops.map((o) => o.source), [false, false]);
  assert.deepEqual(ops[0].op, [5, ' two']);
});

test('a live operation is an event with its author: content, history, audit chain and search see it', {timeout: 60000}, async () => {
  const alice = user('alice');
  const bearer = await token(alice);
  const auditor = await token(user('audrey'), ['auditor']);
  const id = await createDocument(bearer, 'Minutes');
  const doc = await subscribed(connect(bearer), id);
  const word = 'zebra' + crypto.randomBytes(3).toString('hex');
  await submit(doc, [7, ' ' + word + ' 🦓']);
  const history = await eventually(async () => {
    const page = await rest('GET', '/api/documents/' + id + '/history', bearer);
    assert.equal(page.body.items[0].version, 2);
    return page;
  }, 'history has version 2');
  assert.equal(history.body.items[0].actor, alice);
  const verified = await eventually(async () => {
    const check = await rest('GET', '/api/audit/verify?documentId=' + id, auditor);
    assert.equal(check.status, 200);
    assert.equal(check.body.valid, true, JSON.stringify(check.body));
    assert.equal(check.body.records, 2, JSON.stringify(check.body));
    return check;
  }, 'audit chain verifies');
  assert.ok(verified);
  await eventually(async () => {
    const found = await rest('GET', '/api/search?q=' + encodeURIComponent(word), bearer);
    assert.equal(found.status, 200);
    assert.ok(JSON.stringify(found.body).includes(id), JSON.stringify(found.body));
  }, 'search finds the live word');
  const revision = await rest('GET', '/api/documents/' + id + '/revisions/2', bearer);
  assert.equal(revision.body.content, 'Minutes ' + word + ' 🦓');
});

test('a viewer reads live but cannot write; the operation is rolled back', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const vera = user('vera');
  const id = await createDocument(alice, 'Read me');
  await rest('PUT', '/api/documents/' + id + '/members/' + vera, alice, {role: 'viewer'});
  const doc = await subscribed(connect(await token(vera)), id);
  assert.equal(doc.data, 'Read me');
  await assert.rejects(submit(doc, ['x']), (error) => {
    assert.equal(error.code, 'ERR_FORBIDDEN');
    assert.match(error.message, /editor role/);
    return true;
  });
  await eventually(() => assert.equal(doc.data, 'Read me'), 'rolled back');
  assert.equal((await rest('GET', '/api/documents/' + id, alice)).body.content, 'Read me');
});

test('a non-member is told exactly what a missing document tells', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const mallory = await token(user('mallory'));
  const id = await createDocument(alice, 'Secret');
  const connection = connect(mallory);
  const error = await promised((done) => connection.get('documents', id).subscribe(done)).catch((e) => e);
  const missing = await promised((done) => connection.get('documents', crypto.randomUUID()).subscribe(done))
      .catch((e) => e);
  assert.equal(error.code, 'ERR_DOC_DOES_NOT_EXIST');
  assert.equal(error.code, missing.code);
  assert.equal(error.message, missing.message);
  const client = await raw(mallory);
  client.send({a: 'op', c: 'documents', d: id, v: 1, seq: 1, op: ['pwned']});
  const refused = await client.next((m) => m.a === 'op' && m.error);
  assert.equal(refused.error.message, missing.message);
  assert.equal((await rest('GET', '/api/documents/' + id, alice)).body.content, 'Secret');
});

test('revoking a member ends their access on a connection already open, within a second', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const eve = user('eve');
  const id = await createDocument(alice, 'Shared');
  await rest('PUT', '/api/documents/' + id + '/members/' + eve, alice, {role: 'editor'});
  const doc = await subscribed(connect(await token(eve)), id);
  await submit(doc, [6, '!']);
  const errors = [];
  doc.on('error', (error) => errors.push(error));
  const revoked = Date.now();
  assert.equal((await rest('DELETE', '/api/documents/' + id + '/members/' + eve, alice)).status, 204);
  await eventually(() => assert.equal(errors.length, 1), 'the revoked member is told', 1000);
  assert.ok(Date.now() - revoked < 1000);
  assert.equal(errors[0].code, 'ERR_DOC_DOES_NOT_EXIST');
  const after = await rest('GET', '/api/documents/' + id, alice);
  await rest('PUT', '/api/documents/' + id + '/content', alice, {content: 'Shared! more'}, {'If-Match': after.etag});
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(doc.data, 'Shared!', 'no more updates after the revoke');
});

test('presence: cursors travel with the user id the server vouches for', {timeout: 60000}, async () => {
  const alice = user('alice');
  const bob = user('bob');
  const aliceToken = await token(alice);
  const id = await createDocument(aliceToken, 'Cursor here');
  await rest('PUT', '/api/documents/' + id + '/members/' + bob, aliceToken, {role: 'editor'});
  const aliceConnection = connect(aliceToken);
  const bobConnection = connect(await token(bob));
  const aliceDoc = await subscribed(aliceConnection, id);
  await subscribed(bobConnection, id);
  const bobPresence = bobConnection.getDocPresence('documents', id);
  await promised((done) => bobPresence.subscribe(done));
  const received = [];
  bobPresence.on('receive', (presenceId, value) => received.push(value));
  const alicePresence = aliceConnection.getDocPresence('documents', id);
  await promised((done) => alicePresence.subscribe(done));
  const local = alicePresence.create('alice-cursor');
  await promised((done) => local.submit({index: 6, length: 0, user: 'someone-else'}, done));
  await eventually(() => assert.ok(received.length >= 1), 'bob sees alice');
  assert.equal(received[received.length - 1].index, 6);
  assert.equal(received[received.length - 1].user, alice);
  await submit(aliceDoc, ['>> ']);
  assert.equal(aliceDoc.data, '>> Cursor here');
});

test('the upgrade needs a credential: 401 before any WebSocket', {timeout: 60000}, async () => {
  const none = await refusedUpgrade(WS_BASE, {});
  assert.equal(none.status, 401);
  assert.match(none.body, /bearer token|ticket/);
  const forged = await refusedUpgrade(WS_BASE, {Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'});
  assert.equal(forged.status, 401);
  const unknownTicket = await refusedUpgrade(WS_BASE + '?ticket=nope', {});
  assert.equal(unknownTicket.status, 401);
  assert.match(unknownTicket.body, /expired or already used/);
});

test('a browser ticket opens one connection, once', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const id = await createDocument(alice, 'Ticketed');
  const issued = await rest('POST', '/api/collab/tickets', alice);
  assert.equal(issued.status, 201);
  assert.ok(issued.body.expiresInSeconds > 0 && issued.body.expiresInSeconds <= 30);
  const url = WS_BASE + '?ticket=' + encodeURIComponent(issued.body.ticket);
  const client = await raw(null, url);
  client.send({a: 'f', c: 'documents', d: id});
  const fetched = await client.next((m) => m.a === 'f');
  assert.equal(fetched.data.data, 'Ticketed');
  const reused = await refusedUpgrade(url, {});
  assert.equal(reused.status, 401);
  assert.equal((await fetch(BASE + '/api/collab/tickets', {method: 'POST'})).status, 401);
});

test('deleting a document ends it for its subscribers', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const id = await createDocument(alice, 'Short-lived');
  const doc = await subscribed(connect(alice), id);
  const deleted = new Promise((resolve) => doc.on('del', resolve));
  assert.equal((await rest('DELETE', '/api/documents/' + id, alice)).status, 204);
  await deleted;
  assert.equal(doc.type, null);
});

test('erasing a document ends its subscriptions', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const admin = await token(user('root'), ['admin']);
  const id = await createDocument(alice, 'Personal data');
  const doc = await subscribed(connect(alice), id);
  const ended = new Promise((resolve) => doc.on('del', resolve));
  const erasure = await rest('DELETE', '/api/admin/subjects/documents/' + id, admin);
  assert.equal(erasure.status, 202, JSON.stringify(erasure.body));
  await ended;
  assert.equal(doc.type, null);
  const again = await promised((done) => connect(alice).get('documents', id).subscribe(done)).catch((e) => e);
  assert.equal(again.code, 'ERR_DOC_DOES_NOT_EXIST');
});

test('large documents are refused live with an error that names the limit', {timeout: 60000}, async () => {
  const alice = await token(user('alice'));
  const id = await createDocument(alice, 'small');
  const big = 'x'.repeat(300 * 1024);
  const stored = await fetch(BASE + '/api/documents/' + id + '/content', {
    method: 'PUT', body: big,
    headers: {'Authorization': 'Bearer ' + alice, 'Content-Type': 'text/plain', 'If-Match': '"1"'}});
  assert.equal(stored.status, 200);
  const error = await promised((done) => connect(alice).get('documents', id).subscribe(done)).catch((e) => e);
  assert.equal(error.code, 'ERR_CONFLICT');
  assert.match(error.message, /inline limit/);
  // Growing a live document past the limit is refused too, and changes nothing.
  const other = await createDocument(alice, 'grows');
  const doc = await subscribed(connect(alice), other);
  await assert.rejects(submit(doc, [5, big]), (e) => {
    assert.match(e.message, /inline limit/);
    return true;
  });
  assert.equal((await rest('GET', '/api/documents/' + other, alice)).body.content, 'grows');
});
