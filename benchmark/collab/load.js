'use strict';
// Closed-loop load on a ShareDB-protocol server: N clients (one sharedb/lib/client Connection and WebSocket each),
// client i subscribed to document i % M. Each client inserts a few characters at a random position, waits for the
// acknowledgement (the submitOp callback), and repeats. Ops acknowledged inside the measured window (after the
// warm-up) count; latency is submit -> ack of those ops. Prints one JSON object.
//
//   node load.js --target sharedb   --url ws://127.0.0.1:9001      --clients 8 --docs 1
//   node load.js --target sandstone --url http://127.0.0.1:8080    --clients 8 --docs 100
//
// --cpu-pids 123,456: also report the CPU seconds those processes and all their descendants used in the window
// (from /proc), so a busy machine can be judged by CPU per op as well as by rate.
const crypto = require('node:crypto');
const {parseArgs} = require('node:util');
const WebSocket = require('ws');
const ShareDB = require('sharedb/lib/client');
const textUnicode = require('ot-text-unicode');
const {cpuSeconds} = require('./process-cpu');

ShareDB.types.register(textUnicode.type);
ShareDB.logger.setMethods({info: () => {}, warn: () => {}});

const {values: options} = parseArgs({
  options: {
    target: {type: 'string'},
    url: {type: 'string'},
    clients: {type: 'string', default: '1'},
    docs: {type: 'string', default: '1'},
    warmup: {type: 'string', default: '10'},
    duration: {type: 'string', default: '20'},
    'insert-size': {type: 'string', default: '3'},
    user: {type: 'string', default: 'alice'},
    'cpu-pids': {type: 'string', default: ''},
    label: {type: 'string', default: ''},
    'catch-up': {type: 'string', default: '60'},
    // not empty: sharedb-postgres 5.0.1 reads a snapshot whose data is '' back as undefined (`row.data || undefined`)
    'initial-text': {type: 'string', default: 'Hello, world.'},
  },
});

const TARGET = options.target;
const CLIENTS = positive('clients');
const DOCS = positive('docs');
const WARMUP_MS = Number(options.warmup) * 1000;
const DURATION_MS = positive('duration') * 1000;
const INSERT_SIZE = positive('insert-size');
if (TARGET !== 'sharedb' && TARGET !== 'sandstone') fail('--target must be sharedb or sandstone');
if (!options.url) fail('--url is required');

function positive(name) {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a positive integer, not ${options[name]}`);
  return value;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

function promised(fn) {
  return new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  })]).finally(() => clearTimeout(timer));
}

// --- the two servers differ only in how a socket is opened and how documents are created ---

async function sandstoneToken() {
  const response = await fetch(options.url + '/local/token', {
    method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({sub: options.user})});
  if (response.status !== 200) throw new Error(`POST /local/token: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

async function sandstoneDocuments(token) {
  const ids = [];
  for (let i = 0; i < DOCS; i++) {
    const response = await fetch(options.url + '/api/documents', {
      method: 'POST',
      headers: {'Content-Type': 'application/json', Authorization: 'Bearer ' + token},
      body: JSON.stringify({title: `collab bench ${i}`, content: options['initial-text']}),
    });
    const body = await response.text();
    if (response.status !== 201) throw new Error(`POST /api/documents: ${response.status} ${body}`);
    ids.push(JSON.parse(body).id);
  }
  return ids;
}

async function sandstoneRestVersion(token, id) {
  const response = await fetch(`${options.url}/api/documents/${id}`, {headers: {Authorization: 'Bearer ' + token}});
  await response.arrayBuffer();
  const etag = response.headers.get('etag');
  return etag === null ? null : Number(etag.replace(/^W\//, '').replace(/"/g, ''));
}

async function sharedbDocuments() {
  const run = crypto.randomBytes(4).toString('hex');
  const connection = new ShareDB.Connection(await opened(new WebSocket(options.url)));
  const ids = [];
  for (let i = 0; i < DOCS; i++) {
    const id = `bench-${run}-${i}`;
    await promised((done) => connection.get('documents', id).create(options['initial-text'], 'text-unicode', done));
    ids.push(id);
  }
  connection.close();
  return ids;
}

function opened(socket) {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

// CPU of the server's process tree, from /proc (Linux): process-cpu.js

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round(value, digits = 2) {
  return value === null ? null : Number(value.toFixed(digits));
}

async function main() {
  const token = TARGET === 'sandstone' ? await sandstoneToken() : null;
  const ids = TARGET === 'sandstone' ? await sandstoneDocuments(token) : await sharedbDocuments();

  const clients = [];
  for (let i = 0; i < CLIENTS; i++) {
    const socket = TARGET === 'sandstone'
      ? new WebSocket(options.url.replace(/^http/, 'ws') + '/api/collab', {headers: {Authorization: 'Bearer ' + token}})
      : new WebSocket(options.url);
    socket.on('error', () => {});
    const connection = new ShareDB.Connection(socket);
    const doc = connection.get('documents', ids[i % DOCS]);
    await withTimeout(promised((done) => doc.subscribe(done)), 30000, `subscribe client ${i}`);
    clients.push({connection, doc, socket, closed: null});
    socket.on('close', (code, reason) => {
      clients[i].closed = `${code} ${reason}`;
    });
  }

  const latencies = [];
  const errors = {};
  let stop = false;
  let inFlight = 0;
  const startAt = Date.now() + WARMUP_MS;
  const endAt = startAt + DURATION_MS;
  let measuredOps = 0;
  let allOps = 0;

  const letters = 'abcdefghijklmnopqrstuvwxyz';
  function insertion() {
    let text = '';
    for (let k = 0; k < INSERT_SIZE; k++) text += letters[Math.floor(Math.random() * letters.length)];
    return text;
  }

  function loop(client) {
    if (stop) return;
    const {doc} = client;
    if (doc.type === null || doc.inflightOp || doc.pendingOps.length > 0) {
      // after a rejected op the client fetches; wait for it to settle
      setTimeout(() => loop(client), 5);
      return;
    }
    const position = Math.floor(Math.random() * ([...doc.data].length + 1));
    const submitted = process.hrtime.bigint();
    inFlight++;
    doc.submitOp([position, insertion()], (error) => {
      inFlight--;
      const acked = Date.now();
      if (error) {
        const key = error.code || error.message;
        errors[key] = (errors[key] || 0) + 1;
      } else {
        allOps++;
        if (acked >= startAt && acked < endAt) {
          measuredOps++;
          latencies.push(Number(process.hrtime.bigint() - submitted) / 1e6);
        }
      }
      if (acked < endAt) setImmediate(() => loop(client));
    });
  }

  const cpuPids = options['cpu-pids'] ? options['cpu-pids'].split(',').map(Number) : [];
  let cpuAtStart = null;
  let loadCpuAtStart = null;
  const started = setTimeout(() => {
    cpuAtStart = cpuSeconds(cpuPids);
    loadCpuAtStart = process.cpuUsage();
  }, WARMUP_MS);
  clients.forEach(loop);

  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS + DURATION_MS));
  const cpuAtEnd = cpuSeconds(cpuPids);
  const loadCpu = process.cpuUsage(loadCpuAtStart);
  clearTimeout(started);
  stop = true;

  // let the last ops come back, then check that every client of a document has the same version and text
  const drainUntil = Date.now() + 15000;
  while (inFlight > 0 && Date.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 20));
  const settleUntil = Date.now() + 5000;
  const divergent = [];
  for (;;) {
    divergent.length = 0;
    const byDoc = new Map();
    for (const {doc} of clients) {
      const seen = byDoc.get(doc.id);
      if (!seen) byDoc.set(doc.id, {version: doc.version, data: doc.data});
      else if (seen.version !== doc.version || seen.data !== doc.data) divergent.push(doc.id);
    }
    if (divergent.length === 0 || Date.now() > settleUntil) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Sandstone acknowledges an op once it is in the event store; the REST read model follows through its
  // projection. Right after the load: which documents' REST version is behind, by how much, and how long until
  // every one of them shows the live version (up to --catch-up seconds).
  const restMismatches = [];
  let restCaughtUpMs = null;
  if (TARGET === 'sandstone') {
    const checkedAt = Date.now();
    const used = clients.slice(0, Math.min(DOCS, CLIENTS)).map((c) => c.doc);
    let behind = used;
    for (let first = true; behind.length > 0; first = false) {
      const still = [];
      for (const doc of behind) {
        const restVersion = await sandstoneRestVersion(token, doc.id);
        if (restVersion !== doc.version) {
          still.push(doc);
          if (first) restMismatches.push({id: doc.id, sharedb: doc.version, rest: restVersion});
        }
      }
      behind = still;
      if (behind.length > 0 && Date.now() - checkedAt > Number(options['catch-up']) * 1000) break;
      if (behind.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    restCaughtUpMs = behind.length === 0 ? Date.now() - checkedAt : null;
  }

  latencies.sort((a, b) => a - b);
  const seconds = DURATION_MS / 1000;
  const result = {
    label: options.label,
    target: TARGET,
    url: options.url,
    clients: CLIENTS,
    documents: DOCS,
    warmupSeconds: WARMUP_MS / 1000,
    measuredSeconds: seconds,
    insertSize: INSERT_SIZE,
    ops: measuredOps,
    opsPerSecond: round(measuredOps / seconds, 1),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.length ? latencies[latencies.length - 1] : null),
      mean: round(latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null),
    },
    opsIncludingWarmup: allOps,
    errors,
    unacknowledgedAtEnd: inFlight,
    closedConnections: clients.filter((c) => c.closed !== null && !c.closed.startsWith('1000')).map((c) => c.closed),
    divergentDocuments: divergent,
    restVersionMismatches: restMismatches,
    restBehindByMax: restMismatches.reduce((m, r) => Math.max(m, r.sharedb - (r.rest ?? 0)), 0),
    restCaughtUpMs,
    serverCpuSeconds: cpuAtStart === null || cpuAtEnd === null ? null : round(cpuAtEnd - cpuAtStart),
    serverCpuMsPerOp: cpuAtStart === null || cpuAtEnd === null || measuredOps === 0
      ? null : round(((cpuAtEnd - cpuAtStart) * 1000) / measuredOps, 3),
    loadGeneratorCpuSeconds: loadCpuAtStart === null ? null : round((loadCpu.user + loadCpu.system) / 1e6),
    finalVersions: [...new Set(clients.map((c) => c.doc.version))].slice(0, 5),
  };
  console.log(JSON.stringify(result));
  clients.forEach(({socket}) => socket.terminate());
  process.exit(0);
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
