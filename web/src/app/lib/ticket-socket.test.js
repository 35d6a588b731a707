import { describe, expect, it } from 'vitest';
import { CollabUnavailable, TicketSocket } from './ticket-socket.js';

class FakeWebSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.sent = [];
    this.closed = false;
    FakeWebSocket.all.push(this);
  }
  send(data) { this.sent.push(data); }
  close() { this.closed = true; }
  open() { this.onopen(); }
  drop() { this.onclose({ reason: 'gone' }); }
}

function harness(options = {}) {
  FakeWebSocket.all = [];
  const timers = [];
  const statuses = [];
  let ticket = 0;
  const socket = new TicketSocket({
    urlProvider: options.urlProvider || (async () => `ws://x/api/collab?ticket=t${++ticket}`),
    WebSocketImpl: FakeWebSocket,
    onStatus: (s) => statuses.push(s),
    setTimer: (fn, ms) => { timers.push({ fn, ms }); return timers.length; },
    clearTimer: () => {},
    isOnline: options.isOnline || (() => true),
  });
  const events = [];
  socket.onopen = () => events.push('open');
  socket.onclose = (r) => events.push(['close', r]);
  socket.onmessage = (m) => events.push(['message', m.data]);
  const fire = async () => { const t = timers.shift(); t.fn(); await flush(); };
  return { socket, timers, statuses, events, fire };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('TicketSocket', () => {
  it('opens with a ticket and passes messages through', async () => {
    const { socket, events } = harness();
    await flush();
    expect(FakeWebSocket.all[0].url).toBe('ws://x/api/collab?ticket=t1');
    expect(socket.readyState).toBe(0);
    FakeWebSocket.all[0].open();
    expect(socket.readyState).toBe(1);
    socket.send('{"a":"hs"}');
    expect(FakeWebSocket.all[0].sent).toEqual(['{"a":"hs"}']);
    FakeWebSocket.all[0].onmessage({ data: 'x' });
    expect(events).toEqual(['open', ['message', 'x']]);
  });

  it('reconnects with a new ticket after the connection drops', async () => {
    const { socket, events, timers, fire } = harness();
    await flush();
    FakeWebSocket.all[0].open();
    FakeWebSocket.all[0].drop();
    expect(socket.readyState).toBe(3);
    expect(events[1][0]).toBe('close');
    expect(events[1][1]).not.toBe('closed'); // ShareDB reads 'closed' as "do not reconnect"
    expect(timers).toHaveLength(1);
    await fire();
    expect(FakeWebSocket.all[1].url).toBe('ws://x/api/collab?ticket=t2');
    FakeWebSocket.all[1].open();
    expect(events.at(-1)).toBe('open');
  });

  it('backs off while tickets cannot be had, and retries', async () => {
    let calls = 0;
    const { timers, statuses, fire } = harness({
      urlProvider: async () => { calls++; if (calls < 3) throw new Error('network'); return 'ws://x/?ticket=ok'; },
    });
    await flush();
    expect(timers[0].ms).toBe(500);
    await fire();
    expect(timers[0].ms).toBe(1000);
    await fire();
    expect(FakeWebSocket.all).toHaveLength(1);
    expect(statuses).toContain('waiting');
  });

  it('stops for good when the server has no collaboration endpoint', async () => {
    const { socket, statuses, timers } = harness({ urlProvider: async () => { throw new CollabUnavailable('no'); } });
    await flush();
    expect(statuses.at(-1)).toBe('unavailable');
    expect(timers).toHaveLength(0);
    expect(socket.readyState).toBe(3);
  });

  it('drops the connection when the network goes away and comes back at once when asked', async () => {
    let online = true;
    const { socket, statuses, events } = harness({ isOnline: () => online });
    await flush();
    FakeWebSocket.all[0].open();
    online = false;
    socket.drop();
    expect(FakeWebSocket.all[0].closed).toBe(true);
    expect(statuses.at(-1)).toBe('offline');
    expect(events.at(-1)[0]).toBe('close');
    online = true;
    socket.retryNow();
    await flush();
    expect(FakeWebSocket.all).toHaveLength(2);
  });

  it('closes for good with the reason ShareDB reads as closed', async () => {
    const { socket, events, timers } = harness();
    await flush();
    FakeWebSocket.all[0].open();
    socket.close();
    expect(events.at(-1)).toEqual(['close', 'closed']);
    expect(timers).toHaveLength(0);
  });
});
