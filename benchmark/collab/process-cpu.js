'use strict';
// CPU seconds used by processes and all their descendants, from /proc (Linux): a server's JVM with its embedded
// PostgreSQL, say. Shared by load.js and ../scripts/edit-history-cost.js.
const fs = require('node:fs');

/** CPU seconds (user + system) of rootPids and their descendants; null without pids. */
function cpuSeconds(rootPids) {
  if (rootPids.length === 0) return null;
  const parents = new Map();
  const ticks = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch (ignored) {
      // the process ended while we looked
    }
  }
  const roots = new Set(rootPids);
  let total = 0;
  for (const [pid, used] of ticks) {
    for (let p = pid; p > 1; p = parents.get(p)) {
      if (roots.has(p)) {
        total += used;
        break;
      }
      if (!parents.has(p)) break;
    }
  }
  return total / 100; // USER_HZ is 100 on Linux
}

module.exports = {cpuSeconds};
