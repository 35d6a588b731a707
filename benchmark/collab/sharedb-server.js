'use strict';
// A stock ShareDB 7 backend, the reference the live channel is measured against (issue 16): nothing tuned, nothing
// added. ot-text-unicode registered, served over `ws` with @teamwork/websocket-json-stream, presence off, the
// default in-process pub/sub. Storage: ShareDB's in-memory DB (`--db memory`) or sharedb-postgres (`--db postgres`,
// tables created from its own structure.sql).
//
//   node sharedb-server.js --port 9001 --db memory
//   node sharedb-server.js --port 9002 --db postgres --pg postgres://bench@127.0.0.1:5433/sharedb
//
// Prints one line `listening <port>` when it accepts connections.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const {parseArgs} = require('node:util');
const ShareDB = require('sharedb');
const WebSocket = require('ws');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');
const textUnicode = require('ot-text-unicode');

const {values: options} = parseArgs({
  options: {
    port: {type: 'string', default: '9001'},
    db: {type: 'string', default: 'memory'},
    pg: {type: 'string', default: process.env.SHAREDB_PG_URL || ''},
    'pool-size': {type: 'string', default: '10'},
  },
});

ShareDB.types.register(textUnicode.type);

async function database() {
  if (options.db === 'memory') return new ShareDB.MemoryDB();
  if (options.db !== 'postgres') throw new Error(`--db must be memory or postgres, not ${options.db}`);
  if (!options.pg) throw new Error('--db postgres needs --pg <connection string>');
  const pg = require('pg');
  const client = new pg.Client({connectionString: options.pg});
  await client.connect();
  await client.query(fs.readFileSync(path.join(require.resolve('sharedb-postgres'), '..', 'structure.sql'), 'utf8'));
  await client.end();
  const PostgresDB = require('sharedb-postgres');
  return new PostgresDB({connectionString: options.pg, max: Number(options['pool-size'])});
}

async function main() {
  const backend = new ShareDB({db: await database(), presence: false});
  const server = http.createServer();
  const sockets = new WebSocket.Server({server});
  sockets.on('connection', (socket) => {
    socket.on('error', () => {});
    backend.listen(new WebSocketJSONStream(socket));
  });
  server.listen(Number(options.port), '127.0.0.1', () => console.log(`listening ${options.port}`));
  const stop = () => {
    sockets.clients.forEach((socket) => socket.terminate());
    server.close();
    backend.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
