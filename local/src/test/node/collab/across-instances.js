'use strict';
// An op committed through one instance reaches a subscriber on another: submits COUNT ops through instance A and
// times each one from its commit (the acknowledgement at A, which follows the commit) to its arrival at a client
// subscribed through instance B (0 when it arrived first), and from submit to arrival. Prints JSON with percentiles.
// Usage: node across-instances.js <ws url A> <ws url B> <token> <document id> <count>
const WebSocket = require('ws');
const ShareDB = require('sharedb/lib/client');
const textUnicode = require('ot-text-unicode');

ShareDB.types.register(textUnicode.type);
ShareDB.logger.setMethods({info: () => {}, warn: () => {}});

const [urlA, urlB, token, id, countText] = process.argv.slice(2);
const count = Number(countText);

function open(url) {
  const connection = new ShareDB.Connection(new WebSocket(url, {headers: {Authorization: 'Bearer ' + token}}));
  const doc = connection.get('documents', id);
  return new Promise((resolve, reject) => doc.subscribe((error) => (error ? reject(error) : resolve(doc))));
}

(async () => {
  const writer = await open(urlA);
  const reader = await open(urlB);
  const latencies = [];
  const fromSubmit = [];
  for (let i = 0; i < count; i++) {
    const marker = '<' + i + '>';
    let arrivedAt;
    const arrived = new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('op ' + i + ' did not reach instance B in 5 s')), 5000);
      const listener = () => {
        if (reader.data.includes(marker)) {
          arrivedAt = process.hrtime.bigint();
          clearTimeout(timeout);
          reader.removeListener('op', listener);
          resolve();
        }
      };
      reader.on('op', listener);
    });
    const started = process.hrtime.bigint();
    await new Promise((resolve, reject) => writer.submitOp([marker], (error) => (error ? reject(error) : resolve())));
    const acknowledgedAt = process.hrtime.bigint();
    await arrived;
    latencies.push(Math.max(0, Number(arrivedAt - acknowledgedAt) / 1e6));
    fromSubmit.push(Number(arrivedAt - started) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  fromSubmit.sort((a, b) => a - b);
  const at = (values, q) => values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)];
  console.log(JSON.stringify({count, p50: at(latencies, 0.5), p99: at(latencies, 0.99),
    max: latencies[latencies.length - 1], submitToArrivalP50: at(fromSubmit, 0.5),
    submitToArrivalP99: at(fromSubmit, 0.99),
    writerVersion: writer.version, readerVersion: reader.version, same: writer.data === reader.data}));
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
