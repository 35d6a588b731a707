#!/usr/bin/env node
// Does an edit cost more when its document has a long history? (issue 15, item 5)
//
//   node benchmark/scripts/edit-history-cost.js --url http://127.0.0.1:8080 --pid JVM_PID [--edits 10000]
//        [--block 1000] [--warmup 2000] [--size 2000]
//
// Against a running Sandstone (the local default, rate limits off): warms the JIT up by editing another document
// --warmup times, then edits one new document --edits times in a row, one request at a time
// (PUT /api/documents/{id}/content with If-Match). The text keeps its size: each edit replaces one word, so only
// the history grows. For every --block edits it prints the CPU the service's process tree used per edit (the JVM
// and its embedded PostgreSQL, from /proc) and the latency percentiles. Needs Linux and node 18+ (fetch).
'use strict';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const URL_BASE = option('url', 'http://127.0.0.1:8080');
const PID = Number(option('pid', '0'));
const EDITS = Number(option('edits', '10000'));
const BLOCK = Number(option('block', '1000'));
const WARMUP = Number(option('warmup', '2000'));
const SIZE = Number(option('size', '2000'));
if (!PID) {
  console.error('--pid (the service JVM) is required');
  process.exit(2);
}

const { cpuSeconds: treeCpuSeconds } = require('../collab/process-cpu');
/** CPU seconds of pid and all its descendants. */
const cpuSeconds = (root) => treeCpuSeconds([root]);

async function call(method, path, token, body, headers = {}) {
  const response = await fetch(URL_BASE + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const words = ['alpha', 'bravo', 'delta', 'gamma', 'omega', 'sigma'];
/** A text of about SIZE characters whose word number i % 50 is replaced by a word of the same length. */
function text(i) {
  const base = [];
  for (let w = 0; base.join(' ').length < SIZE; w++) base.push(w % 50 === i % 50 ? words[i % words.length] : 'lorem');
  return base.join(' ');
}

async function editMany(token, id, count, onBlock) {
  let version = 1;
  let latencies = [];
  let cpuBefore = cpuSeconds(PID);
  for (let i = 1; i <= count; i++) {
    const started = process.hrtime.bigint();
    const result = await call('PUT', `/api/documents/${id}/content`, token, { content: text(i) },
      { 'If-Match': `"${version}"` });
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    version = result.version;
    if (onBlock && i % BLOCK === 0) {
      const cpu = cpuSeconds(PID);
      latencies.sort((a, b) => a - b);
      const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
      onBlock({ from: i - BLOCK + 1, to: i, version, cpuMsPerEdit: ((cpu - cpuBefore) * 1000) / BLOCK,
        p50: at(0.5), p99: at(0.99) });
      latencies = [];
      cpuBefore = cpu;
    }
  }
}

(async () => {
  const token = (await (await fetch(URL_BASE + '/local/token', { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sub: 'history-cost' }) })).json())
    .access_token;
  const warm = await call('POST', '/api/documents', token, { title: 'Warm-up', content: text(0), tags: [] });
  await editMany(token, warm.id, WARMUP, null);
  const doc = await call('POST', '/api/documents', token, { title: 'Long history', content: text(0), tags: [] });
  console.log(`nproc ${require('os').cpus().length}; ${new Date().toISOString()}; ${EDITS} edits of one document, `
    + `${SIZE} characters, blocks of ${BLOCK}, after ${WARMUP} warm-up edits of another`);
  console.log('| edits | versions | service CPU ms/edit | p50 ms | p99 ms |');
  console.log('|---|---|---:|---:|---:|');
  const blocks = [];
  await editMany(token, doc.id, EDITS, (b) => {
    blocks.push(b);
    console.log(`| ${b.from}-${b.to} | ${b.from + 1}-${b.version} | ${b.cpuMsPerEdit.toFixed(2)} | ${b.p50.toFixed(2)} `
      + `| ${b.p99.toFixed(2)} |`);
  });
  const first = blocks[0].cpuMsPerEdit;
  const last = blocks[blocks.length - 1].cpuMsPerEdit;
  console.log(`last block / first block, CPU per edit: ${(last / first).toFixed(2)}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
