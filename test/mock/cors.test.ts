// CORS: preflights answered before any operation (and never faulted), Access-Control-* headers on
// every answer of the APIs and the control interface, and the options that restrict or turn it off.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';

const APP = 'http://localhost:5173';
const STATUS = '/jobs/api/jobs/00000000-0000-4000-8000-000000000000';

function preflight(t: Harness, path: string, method: string, headers = 'authorization, content-type, x-jobtwin-job', origin = APP) {
  return fetch(`${t.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
}

describe('CORS, on by default', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.control('POST', '/reset', { seed: 7 });
  });

  it('answers a preflight 204 with the path’s methods and the headers asked for', async () => {
    const res = await preflight(t, '/alchemyst/api/v1/context/add-async', 'POST');
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type, x-jobtwin-job');
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    const cancel = await preflight(t, '/alchemyst/api/v1/context/add-async/job_1/cancel', 'DELETE');
    expect(cancel.headers.get('access-control-allow-methods')).toBe('DELETE');
  });

  it('lets the real request of an unknown path through the preflight, so the app can read its 404', async () => {
    const res = await preflight(t, '/alchemyst/api/v1/nothing-here', 'GET');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET');
    const real = await t.call('GET', '/alchemyst/api/v1/nothing-here', { headers: { origin: APP } });
    expect(real.status).toBe(404);
    expect(real.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('puts Access-Control-Allow-Origin on successes and on every kind of error, and exposes what clients read', async () => {
    const created = await t.call('POST', '/jobs/api/admin/prompts/preview', { headers: { origin: APP }, body: { systemPrompt: 's', userPromptTemplate: 'u' } });
    expect(created.status).toBe(202);
    expect(created.headers.get('access-control-allow-origin')).toBe(APP);
    expect(created.headers.get('vary')).toBe('Origin');
    const exposed = (created.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['retry-after', 'location', 'allow', 'www-authenticate']));
    const answers = [
      await t.call('GET', STATUS, { headers: { origin: APP }, token: null }), // 401
      await t.call('GET', STATUS, { headers: { origin: APP } }), // 404
      await t.call('GET', '/jobs/api/jobs/not-a-uuid', { headers: { origin: APP } }), // 400
      await t.call('PUT', STATUS, { headers: { origin: APP }, unchecked: true }), // 405
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 404, 400, 405]);
    for (const a of answers) expect(a.headers.get('access-control-allow-origin')).toBe(APP);
    expect(answers[3].headers.get('allow')).toBe('GET');
  });

  it('never takes a preflight for an operation: faults skip it and the journal marks it', async () => {
    await t.control('POST', '/faults', { kind: 'status', status: 503, api: 'jobs', times: 1 });
    const res = await preflight(t, STATUS, 'GET');
    expect(res.status).toBe(204);
    const faulted = await t.call('GET', STATUS, { headers: { origin: APP }, unchecked: true });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('access-control-allow-origin')).toBe(APP);
    const journal = (await t.control('GET', '/journal')).body.entries;
    expect(journal[1]).toMatchObject({ method: 'OPTIONS', status: 204, preflight: true, api: 'jobs' });
    expect(journal[1].operationId).toBeUndefined();
    expect(journal[1].fault).toBeUndefined();
    expect(journal[0]).toMatchObject({ method: 'GET', status: 503 });
    expect(journal[0].fault).toBeDefined();
  });

  it('exposes Retry-After on a rate-limit fault', async () => {
    await t.control('POST', '/faults', { kind: 'rateLimit', api: 'alchemyst', retryAfterSeconds: 2, times: 1 });
    const res = await t.call('GET', '/alchemyst/api/v1/context/add-async/status', { headers: { origin: APP }, unchecked: true });
    expect(res.status).toBe(429);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  });

  it('keeps an OPTIONS that is not a preflight a 405, as the contract says', async () => {
    const res = await fetch(`${t.url}${STATUS}`, { method: 'OPTIONS', headers: { authorization: 'Bearer a' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('answers the control interface to pages on this machine, preflights included', async () => {
    const pre = await fetch(`${t.url}/__jobtwin/clock/advance`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    const clock = await fetch(`${t.url}/__jobtwin/clock`, { headers: { origin: 'http://127.0.0.1:3000' } });
    expect(clock.status).toBe(200);
    expect(clock.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    const missing = await fetch(`${t.url}/__jobtwin/nope`, { headers: { origin: APP } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(APP);
    // Any site the developer visits could otherwise reset the twin or move its clock.
    const foreign = await fetch(`${t.url}/__jobtwin/clock`, { headers: { origin: 'https://example.com' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const foreignPre = await fetch(`${t.url}/__jobtwin/reset`, {
      method: 'OPTIONS',
      headers: { origin: 'https://example.com', 'access-control-request-method': 'POST' },
    });
    expect(foreignPre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers without an Origin (curl, servers)', async () => {
    const res = await t.call('GET', STATUS);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
  });
});

describe('CORS options', () => {
  it('--cors off: no headers, and a preflight is an ordinary OPTIONS (405)', async () => {
    const t = await startTwin({ cors: false });
    try {
      const res = await preflight(t, STATUS, 'GET');
      expect(res.status).toBe(405);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const real = await t.call('GET', STATUS, { headers: { origin: APP } });
      expect(real.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('--cors-origin: only the listed origins, on the APIs and the control interface', async () => {
    const t = await startTwin({ cors: { origins: ['https://app.example.test'] } });
    try {
      const ok = await preflight(t, STATUS, 'GET', 'authorization', 'https://app.example.test');
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
      const other = await preflight(t, STATUS, 'GET', 'authorization', APP);
      expect(other.status).toBe(204);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const control = await fetch(`${t.url}/__jobtwin/clock`, { headers: { origin: 'https://app.example.test' } });
      expect(control.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    } finally {
      await t.close();
    }
  });

  it('refuses a malformed origin at start-up, saying which', async () => {
    await expect(startTwin({ cors: { origins: ['localhost:5173'] } })).rejects.toThrow(/not an origin: "localhost:5173"/);
    await expect(startTwin({ cors: { origins: ['http://localhost:5173/app'] } })).rejects.toThrow(/scheme, host and port only/);
  });
});
