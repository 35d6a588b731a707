// The REST API, as docs/api.md describes it. Errors become ApiError with the problem+json detail; 429 waits for
// Retry-After and tries again (a few times), so a burst never surfaces as a failure.
import { announce } from './dom.js';

export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.status = status;
    this.problem = problem || {};
  }

  /** What to tell people: plain words for 403/404, the server's detail otherwise. */
  get friendly() {
    if (this.status === 404) return 'Not found: the document does not exist, was deleted, or is not shared with you.';
    if (this.status === 403) return `Not allowed: ${this.problem.detail || 'your role does not permit this.'}`;
    if (this.status === 412) return 'Someone else changed this document first.';
    if (this.status === 0) return 'The service cannot be reached. Check your connection.';
    return this.problem.detail || this.message;
  }
}

const MAX_RETRIES_429 = 4;

export class Api {
  constructor({ token = () => null, onUnauthorized = () => {}, sleep = (ms) => new Promise((r) => setTimeout(r, ms)),
    fetchImpl = (...args) => globalThis.fetch(...args) } = {}) {
    Object.assign(this, { token, onUnauthorized, sleep, fetchImpl });
  }

  /** fetch with the bearer token; returns the Response for 2xx/304, throws ApiError otherwise. */
  async raw(method, path, { body, headers = {}, json = true, signal } = {}) {
    const allHeaders = { ...headers };
    const token = this.token();
    if (token) allHeaders.Authorization = `Bearer ${token}`;
    let payload = body;
    if (body !== undefined && json) {
      allHeaders['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await this.fetchImpl(path, { method, headers: allHeaders, body: payload, signal });
      } catch (error) {
        if (error.name === 'AbortError') throw error;
        throw new ApiError(0, null, `Network error: ${error.message}`);
      }
      if (response.status === 429 && attempt < MAX_RETRIES_429) {
        const seconds = retryAfterSeconds(response.headers.get('Retry-After'), attempt);
        announce(`The service asks us to slow down: retrying in ${seconds} s.`, 'warning');
        await this.sleep(seconds * 1000);
        continue;
      }
      if (response.ok || response.status === 304) return response;
      let problem = null;
      try {
        problem = await response.json();
      } catch { /* not JSON */ }
      if (response.status === 401) this.onUnauthorized();
      throw new ApiError(response.status, problem,
        (problem && problem.detail) || `${method} ${path} answered ${response.status}`);
    }
  }

  async json(method, path, options) {
    const response = await this.raw(method, path, options);
    if (response.status === 204 || response.status === 304) return { body: null, response };
    const text = await response.text();
    return { body: text ? JSON.parse(text) : null, response };
  }

  async get(path) { return (await this.json('GET', path)).body; }

  listDocuments(page, size = 20) { return this.get(`/api/documents?page=${page}&size=${size}`); }
  search(q, page = 0, size = 20) { return this.get(`/api/search?q=${encodeURIComponent(q)}&page=${page}&size=${size}`); }
  document(id) { return this.get(`/api/documents/${enc(id)}`); }
  async createDocument(title, content = '') {
    return (await this.json('POST', '/api/documents', { body: { title, content, tags: [] } })).body;
  }
  async rename(id, title, version) {
    return (await this.json('PATCH', `/api/documents/${enc(id)}`, { body: { title }, headers: ifMatch(version) })).body;
  }
  async putContent(id, content, version) {
    return (await this.json('PUT', `/api/documents/${enc(id)}/content`, { body: { content }, headers: ifMatch(version) })).body;
  }
  /** Replaces bytes [start, end) of the content's UTF-8 encoding with text, at exactly version. */
  async replaceRange(id, start, end, text, version) {
    return (await this.json('PATCH', `/api/documents/${enc(id)}/content`,
      { body: { start, end, text }, headers: ifMatch(version) })).body;
  }
  async deleteDocument(id) { await this.raw('DELETE', `/api/documents/${enc(id)}`); }
  members(id) { return this.get(`/api/documents/${enc(id)}/members`); }
  async grant(id, userId, role) {
    return (await this.json('PUT', `/api/documents/${enc(id)}/members/${enc(userId)}`, { body: { role } })).body;
  }
  async revoke(id, userId) { await this.raw('DELETE', `/api/documents/${enc(id)}/members/${enc(userId)}`); }
  async publish(id) { return (await this.json('POST', `/api/documents/${enc(id)}/publish`)).body; }
  published(id) { return this.get(`/api/documents/${enc(id)}/published`); }
  publishedVersion(id, n) { return this.get(`/api/documents/${enc(id)}/published/${enc(n)}`); }
  history(id, page = 0, size = 50) { return this.get(`/api/documents/${enc(id)}/history?page=${page}&size=${size}`); }
  revision(id, version) { return this.get(`/api/documents/${enc(id)}/revisions/${enc(version)}`); }
  async revisionText(id, version) {
    const revision = await this.revision(id, version);
    if (!revision.contentTruncated) return revision.content;
    return (await this.raw('GET', `/api/documents/${enc(id)}/revisions/${enc(version)}/content`)).text();
  }
  audit(documentId, page = 0, size = 100) {
    return this.get(`/api/audit?documentId=${encodeURIComponent(documentId)}&page=${page}&size=${size}`);
  }
  verifyAudit(documentId) { return this.get(`/api/audit/verify?documentId=${encodeURIComponent(documentId)}`); }
  /** Bytes [start, end] of a content URL (206), as an Uint8Array. */
  async range(url, start, end) {
    const response = await this.raw('GET', url, { headers: { Range: `bytes=${start}-${end}` } });
    return new Uint8Array(await response.arrayBuffer());
  }
  async collabTicket() { return (await this.json('POST', '/api/collab/tickets')).body; }
}

function enc(value) { return encodeURIComponent(String(value)); }
function ifMatch(version) { return { 'If-Match': `"${version}"` }; }

/** Seconds to wait: Retry-After (seconds or an HTTP date), else an exponential guess; at most 30. */
export function retryAfterSeconds(header, attempt = 0, now = Date.now()) {
  let seconds = NaN;
  if (header) {
    seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) : Math.ceil((Date.parse(header) - now) / 1000);
  }
  if (!Number.isFinite(seconds) || seconds < 0) seconds = 2 ** attempt;
  return Math.min(30, Math.max(1, seconds));
}
