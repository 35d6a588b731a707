'use strict';
// Turns a run.sh results folder (raw/*.json) into the markdown table: ops/s and p99 per server for each
// clients x documents cell, Sandstone against ShareDB-on-PostgreSQL, server CPU per op, and the load averages.
//   node report.js /tmp/collab-bench-...
const fs = require('node:fs');
const path = require('node:path');

const folder = process.argv[2];
const runs = fs.readdirSync(path.join(folder, 'raw'))
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(fs.readFileSync(path.join(folder, 'raw', name), 'utf8')));
const servers = ['sharedb-memory', 'sharedb-postgres', 'sandstone'];
const cells = [...new Set(runs.map((r) => `${r.documents}:${r.clients}`))]
  .map((key) => key.split(':').map(Number))
  .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
const find = (server, documents, clients) =>
  runs.find((r) => r.server === server && r.documents === documents && r.clients === clients);
const number = (value, digits = 0) => (value === null || value === undefined ? '-'
  : value.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits}));

const lines = [];
lines.push('| documents | clients | ' + servers.map((s) => `${s} ops/s | ${s} p99 ms`).join(' | ')
  + ' | Sandstone / ShareDB-PG ops/s | Sandstone / ShareDB-PG p99 |');
lines.push('|' + '---:|'.repeat(2 + servers.length * 2 + 2));
for (const [documents, clients] of cells) {
  const row = [documents, clients];
  for (const server of servers) {
    const run = find(server, documents, clients);
    row.push(run ? number(run.opsPerSecond) : '-', run ? number(run.latencyMs.p99, 1) : '-');
  }
  const pg = find('sharedb-postgres', documents, clients);
  const ours = find('sandstone', documents, clients);
  row.push(pg && ours && pg.opsPerSecond ? `${(ours.opsPerSecond / pg.opsPerSecond).toFixed(2)}x` : '-');
  row.push(pg && ours && pg.latencyMs.p99 ? `${(ours.latencyMs.p99 / pg.latencyMs.p99).toFixed(1)}x` : '-');
  lines.push('| ' + row.join(' | ') + ' |');
}

lines.push('');
lines.push('| server | documents | clients | ops/s | p50 / p90 / p99 / max ms | server CPU ms per op | load-generator CPU s '
  + '| errors | divergent docs | REST behind at the end (docs, max versions, caught up after) | load average before -> after |');
lines.push('|---|---:|---:|---:|---|---:|---:|---|---:|---|---|');
for (const server of servers) {
  for (const [documents, clients] of cells) {
    const r = find(server, documents, clients);
    if (!r) continue;
    const l = r.latencyMs;
    lines.push(`| ${server} | ${documents} | ${clients} | ${number(r.opsPerSecond)} | `
      + `${number(l.p50, 1)} / ${number(l.p90, 1)} / ${number(l.p99, 1)} / ${number(l.max, 1)} | `
      + `${number(r.serverCpuMsPerOp, 2)} | ${number(r.loadGeneratorCpuSeconds, 1)} | `
      + `${Object.keys(r.errors).length ? JSON.stringify(r.errors) : 'none'} | `
      + `${r.divergentDocuments.length} | `
      + (r.target === 'sandstone' ? `${r.restVersionMismatches.length}, ${r.restBehindByMax ?? '-'}, `
        + `${r.restCaughtUpMs === undefined ? '-' : r.restCaughtUpMs === null ? 'not in time' : number(r.restCaughtUpMs / 1000, 1) + ' s'} | ` : 'n/a | ')
      + `${r.loadAverageBefore} -> ${r.loadAverageAfter} |`);
  }
}
console.log(lines.join('\n'));
