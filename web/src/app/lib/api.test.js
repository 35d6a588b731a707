import { describe, expect, it, vi } from 'vitest';

vi.mock('./dom.js', () => ({ announce: () => {} }));
const { Api, ApiError, retryAfterSeconds } = await import('./api.js');

function response(status, body = {}, headers = {}) {
  return { status, ok: status >= 200 && status < 300, headers: { get: (n) => headers[n] ?? null },
    json: async () => body, text: async () => JSON.stringify(body) };
}

describe('the REST client', () => {
  it('waits for Retry-After on 429 and tries again', async () => {
    const slept = [];
    const answers = [response(429, { detail: 'Too many' }, { 'Retry-After': '3' }), response(200, { ok: true })];
    const api = new Api({ token: () => 't', sleep: async (ms) => { slept.push(ms); }, fetchImpl: async () => answers.shift() });
    expect(await api.get('/api/documents')).toEqual({ ok: true });
    expect(slept).toEqual([3000]);
  });

  it('gives up after a few 429s with the server\'s detail', async () => {
    const api = new Api({ sleep: async () => {}, fetchImpl: async () => response(429, { detail: 'Too many reads' }) });
    await expect(api.get('/x')).rejects.toMatchObject({ status: 429, message: 'Too many reads' });
  });

  it('sends the bearer token and says 403 and 404 plainly', async () => {
    let seen;
    const api = new Api({ token: () => 'abc', fetchImpl: async (path, init) => { seen = init; return response(404, { detail: 'x' }); } });
    const error = await api.get('/api/documents/1').catch((e) => e);
    expect(seen.headers.Authorization).toBe('Bearer abc');
    expect(error).toBeInstanceOf(ApiError);
    expect(error.friendly).toMatch(/^Not found/);
    expect(new ApiError(403, { detail: 'Role too low' }, 'x').friendly).toBe('Not allowed: Role too low');
  });

  it('reads Retry-After as seconds or a date, bounded', () => {
    expect(retryAfterSeconds('5')).toBe(5);
    expect(retryAfterSeconds('600')).toBe(30);
    expect(retryAfterSeconds(null, 2)).toBe(4);
    expect(retryAfterSeconds(new Date(10_000).toUTCString(), 0, 0)).toBe(10);
  });
});
