// Fault injection and the journal, seen from the API side of the twin.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';

const BODY = { systemPrompt: 's', userPromptTemplate: 'u' };

describe('faults and journal', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.control('POST', '/reset', { seed: 7 });
  });

  it('answers a 5xx in the API envelope for N matching requests, then recovers', async () => {
    const rule = await t.control('POST', '/faults', { kind: 'status', status: 503, api: 'jobs', path: '/jobs/api/jobs/*', times: 2 });
    expect(rule.status).toBe(201);
    const path = '/jobs/api/jobs/00000000-0000-4000-8000-000000000000';
    for (let i = 0; i < 2; i++) {
      const res = await t.call('GET', path, { unchecked: true });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', path });
    }
    expect((await t.call('GET', path)).status).toBe(404);
    expect((await t.control('GET', '/faults')).body.faults).toEqual([]);
  });

  it('rate-limits with 429 and Retry-After', async () => {
    await t.control('POST', '/faults', { kind: 'rateLimit', api: 'alchemyst', retryAfterSeconds: 3, times: 1 });
    const res = await t.call('GET', '/alchemyst/api/v1/context/add-async/status', { unchecked: true });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.body).toMatchObject({ success: false, status: 429 });
    expect((await t.call('GET', '/alchemyst/api/v1/context/add-async/status')).status).toBe(200);
  });

  it('drops the connection without an answer', async () => {
    await t.control('POST', '/faults', { kind: 'drop', method: 'GET', path: '/crosmos/*', times: 1 });
    await expect(fetch(`${t.url}/crosmos/api/v1/jobs/00000000-0000-4000-8000-000000000000`, { headers: { authorization: 'Bearer a' } })).rejects.toThrow();
    expect((await t.call('GET', '/crosmos/api/v1/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('adds latency only to matching requests', async () => {
    await t.control('POST', '/faults', { kind: 'latency', latencyMs: 150, method: 'POST', api: 'jobs', times: 1 });
    await t.call('GET', '/jobs/api/jobs/00000000-0000-4000-8000-000000000000');
    const started = performance.now();
    expect((await t.call('POST', '/jobs/api/admin/prompts/preview', { body: BODY })).status).toBe(202);
    // A lower bound only: a busy machine can make any request slow, never a delay shorter.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    // Which request the fault took, from the journal rather than from wall-clock time.
    const [post, get] = (await t.control('GET', '/journal?limit=2')).body.entries;
    expect(post).toMatchObject({ method: 'POST', status: 202 });
    expect(post.fault).toBeDefined();
    expect(get).toMatchObject({ method: 'GET', status: 404 });
    expect(get.fault).toBeUndefined();
  });

  it('refuses a malformed fault', async () => {
    const res = await t.control('POST', '/faults', { kind: 'status', status: 200 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/status must be an integer from 400 to 599/);
  });

  it('keeps a journal of recent requests, newest first, with tenant, job and fault', async () => {
    const created = await t.call('POST', '/jobs/api/admin/prompts/preview', { body: BODY, token: 'jo' });
    await t.call('GET', `/jobs/api/jobs/${created.body.data.jobId}`, { token: 'jo' });
    await t.control('POST', '/faults', { kind: 'status', status: 500, api: 'crosmos', times: 1 });
    await t.call('GET', '/crosmos/api/v1/jobs/00000000-0000-4000-8000-000000000000', { unchecked: true });
    const journal = await t.control('GET', '/journal?limit=3');
    expect(journal.body.entries.map((e: any) => [e.method, e.status, e.api])).toEqual([
      ['GET', 500, 'crosmos'],
      ['GET', 200, 'jobs'],
      ['POST', 202, 'jobs'],
    ]);
    expect(journal.body.entries[0].fault).toMatch(/^fault-/);
    expect(journal.body.entries[1]).toMatchObject({ tenant: 'jo', jobId: created.body.data.jobId, operationId: expect.any(String) });
    expect((await t.control('GET', '/journal?api=jobs')).body.entries.every((e: any) => e.api === 'jobs')).toBe(true);
  });
});

describe('speed', () => {
  it('divides every drawn duration', async () => {
    const slow = await startTwin({ apis: ['jobs'], speed: 1 });
    const fast = await startTwin({ apis: ['jobs'], speed: 100 });
    try {
      const finish = async (t: Harness) => {
        const created = await t.call('POST', '/api/admin/prompts/preview', { body: BODY, headers: { 'x-jobtwin-job': 'outcome=succeed' } });
        const view = await t.control('GET', `/jobs/jobs/${created.body.data.jobId}`);
        return Date.parse(view.body.timeline.at(-1).at) - Date.parse(view.body.createdAt);
      };
      const [a, b] = [await finish(slow), await finish(fast)];
      expect(a).toBeGreaterThan(1000);
      expect(b).toBeLessThanOrEqual(Math.ceil(a / 100) + 1);
    } finally {
      await slow.close();
      await fast.close();
    }
  });
});
