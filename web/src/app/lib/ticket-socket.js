// A WebSocket-shaped object for ShareDB's Connection that reconnects by itself. Every (re)connection asks
// urlProvider for a new URL, because the collaboration endpoint takes a single-use ticket in the URL (browsers
// cannot set an Authorization header on a WebSocket). ShareDB keeps unacknowledged ops while we are away and
// resends them (same src and seq, so the server applies them once) when onopen fires again.

export class CollabUnavailable extends Error {}

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

export class TicketSocket {
  /**
   * @param {object} options
   * @param {() => Promise<string>} options.urlProvider the next ws(s) URL, with a fresh ticket
   * @param {Function} [options.WebSocketImpl] the WebSocket constructor (tests pass a fake)
   * @param {number[]} [options.backoffMs] delays before each further attempt; the last one repeats
   * @param {(status: string, detail?: string) => void} [options.onStatus] 'connecting' | 'open' | 'waiting' |
   *        'offline' | 'unavailable' | 'closed'
   * @param {(fn: Function, ms: number) => any} [options.setTimer] injectable timers for tests
   */
  constructor({ urlProvider, WebSocketImpl = globalThis.WebSocket, backoffMs = [200, 500, 1000, 2000, 4000],
    onStatus = () => {}, setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (t) => clearTimeout(t),
    isOnline = () => (globalThis.navigator ? globalThis.navigator.onLine !== false : true) }) {
    Object.assign(this, { urlProvider, WebSocketImpl, backoffMs, onStatus, setTimer, clearTimer, isOnline });
    this.readyState = CONNECTING;
    this.onopen = null;
    this.onclose = null;
    this.onmessage = null;
    this.onerror = null;
    this.failures = 0;
    this.stopped = false;
    this.socket = null;
    this.timer = null;
    this.connect();
  }

  send(data) {
    if (this.readyState !== OPEN) throw new Error('The collaboration socket is not open');
    this.socket.send(data);
  }

  /** Closes for good (ShareDB's connection.close() calls this). */
  close() {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer(this.timer);
    const wasOpen = this.readyState !== CLOSED;
    this.readyState = CLOSED;
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
    }
    this.onStatus('closed');
    if (wasOpen && this.onclose) this.onclose('closed');
  }

  /** Drops the current connection (the network went away) and reconnects when it can. */
  drop(reason = 'offline') {
    if (this.stopped) return;
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try { socket.close(); } catch { /* already closed */ }
    }
    this.lost(reason);
  }

  /** Reconnects now instead of waiting for the next back-off step (the network came back). */
  retryNow() {
    if (this.stopped || this.socket) return;
    this.clearTimer(this.timer);
    this.failures = 0;
    this.connect();
  }

  async connect() {
    this.timer = null;
    if (this.stopped) return;
    if (!this.isOnline()) {
      this.onStatus('offline');
      this.schedule();
      return;
    }
    this.readyState = CONNECTING;
    this.onStatus('connecting');
    let url;
    try {
      url = await this.urlProvider();
    } catch (error) {
      if (error instanceof CollabUnavailable) {
        this.stopped = true;
        this.readyState = CLOSED;
        this.onStatus('unavailable', error.message);
        return;
      }
      this.failures++;
      this.onStatus(this.isOnline() ? 'waiting' : 'offline', error.message);
      this.schedule();
      return;
    }
    if (this.stopped) return;
    const socket = new this.WebSocketImpl(url);
    this.socket = socket;
    socket.onopen = () => {
      this.failures = 0;
      this.readyState = OPEN;
      this.onStatus('open');
      if (this.onopen) this.onopen();
    };
    socket.onmessage = (event) => { if (this.onmessage) this.onmessage(event); };
    socket.onerror = (event) => { if (this.onerror) this.onerror(event); };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failures++;
      this.lost(event && event.reason ? event.reason : 'connection lost');
    };
  }

  lost(reason) {
    const wasOpen = this.readyState === OPEN;
    this.readyState = CLOSED;
    if (wasOpen && this.onclose) this.onclose({ reason });
    this.onStatus(this.isOnline() ? 'waiting' : 'offline', reason);
    this.schedule();
  }

  schedule() {
    if (this.stopped || this.timer) return;
    const delay = this.backoffMs[Math.min(this.failures, this.backoffMs.length - 1)];
    this.timer = this.setTimer(() => this.connect(), delay);
  }
}
