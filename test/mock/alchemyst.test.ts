import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwin, T0, type Harness } from '../helpers/twin.js';

const BODY = {
  documents: [{ content: 'Customer asked about pricing for the Scale plan.' }, { content: 'Second', fileName: 'b.txt' }],
  source: 'support-inbox',
  context_type: 'resource',
  scope: 'internal',
};
const BASE = '/api/v1/context/add-async';

describe('alchemyst', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ apis: ['alchemyst'] });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.control('POST', '/reset', { seed: 7 });
  });

  const create = async (plan?: string, token?: string) => {
    const res = await t.call('POST', BASE, { body: BODY, token, headers: plan ? { 'x-jobtwin-job': plan } : {} });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ queued: true, jobId: expect.stringMatching(/^job_[0-9A-Z]{26}$/) });
    return res.body.jobId as string;
  };
  const status = (id: string, token?: string) => t.call('GET', `${BASE}/${id}/status`, { token });

  it('runs a job through waiting, active and completed, with timestamps that agree', async () => {
    const id = await create('outcome=succeed; queue=1s; run=5s');
    let res = await status(id);
    expect(res.body).toEqual({ success: true, jobId: id, status: 'waiting', attemptsMade: 0 });
    t.advance(1000);
    res = await status(id);
    // attemptsMade counts attempts that have ended (BullMQ): 0 while the first one runs
    expect(res.body).toMatchObject({ status: 'active', attemptsMade: 0, processedOn: T0 + 1000 });
    expect(res.body.finishedOn).toBeUndefined();
    expect(res.body.result).toBeUndefined();
    t.advance(5000);
    res = await status(id);
    expect(res.body).toEqual({
      success: true,
      jobId: id,
      status: 'completed',
      attemptsMade: 1,
      processedOn: T0 + 1000,
      finishedOn: T0 + 6000,
      result: { documentsProcessed: 2, source: 'support-inbox', contextType: 'resource' },
    });
  });

  it('retries through delayed (then straight to active, as a free BullMQ worker does), counting ended attempts, then succeeds', async () => {
    const id = await create('failures=2; outcome=succeed; queue=1s; run=2s; backoff=3s');
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await status(id);
      seen.push(`${res.body.status}:${res.body.attemptsMade}`);
      if (res.body.status === 'delayed') expect(res.body.failedReason).toEqual(expect.any(String));
      if (res.body.status === 'completed') break;
      t.advance(1000);
    }
    expect([...new Set(seen)]).toEqual(['waiting:0', 'active:0', 'delayed:1', 'active:1', 'delayed:2', 'active:2', 'completed:3']);
  });

  it('fails for good after three attempts with a reason', async () => {
    const id = await create('outcome=fail; queue=0s; run=1s; backoff=1s');
    t.advance('1h');
    const res = await status(id);
    expect(res.body).toMatchObject({ status: 'failed', attemptsMade: 3, failedReason: expect.any(String) });
    expect(res.body.finishedOn).toBeGreaterThanOrEqual(res.body.processedOn);
    expect(res.body.result).toBeUndefined();
  });

  it('cancels a waiting job (then 404), refuses an active one (409), 404 once finished', async () => {
    const waiting = await create('queue=10s; run=10s');
    let res = await t.call('DELETE', `${BASE}/${waiting}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, jobId: waiting, status: 'cancelled', message: 'Job cancelled successfully' });
    expect((await status(waiting)).status).toBe(404);

    const active = await create('queue=0s; run=10s; outcome=succeed');
    t.advance(1);
    res = await t.call('DELETE', `${BASE}/${active}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/running/);
    t.advance('1m');
    res = await t.call('DELETE', `${BASE}/${active}/cancel`);
    expect(res.status).toBe(404);
    expect((await status(active)).body.status).toBe('completed');
  });

  it('cancels a delayed job', async () => {
    const id = await create('failures=1; outcome=succeed; queue=0s; run=1s; backoff=10s');
    t.advance(2000);
    expect((await status(id)).body.status).toBe('delayed');
    expect((await t.call('DELETE', `${BASE}/${id}/cancel`)).status).toBe(200);
  });

  it('lists the tenant own jobs, filtered and paged', async () => {
    const a = await create('queue=0s; run=1s; outcome=succeed');
    const b = await create('queue=0s; run=1s; outcome=fail; backoff=0s');
    const c = await create('queue=1h');
    await create(undefined, 'someone-else');
    t.advance('10m');
    let res = await t.call('GET', `${BASE}/status`);
    expect(res.body.jobs.map((j: any) => j.jobId)).toEqual([c, b, a]);
    expect(res.body.jobs[2]).toMatchObject({ status: 'completed', attemptsMade: 1, data: BODY });
    res = await t.call('GET', `${BASE}/status?type=failed`);
    expect(res.body.jobs.map((j: any) => j.jobId)).toEqual([b]);
    res = await t.call('GET', `${BASE}/status?limit=1&offset=1`);
    expect(res.body.jobs.map((j: any) => j.jobId)).toEqual([b]);
    res = await t.call('GET', `${BASE}/status?type=bogus`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, status: 400, message: 'Invalid type. Expected one of: all, active, failed, completed' });
  });

  it('keeps tenants apart: another tenant job answers as an unknown one', async () => {
    const id = await create();
    const other = await status(id, 'tenant-b');
    const unknown = await status('job_NEVERCREATED', 'tenant-b');
    expect(other.status).toBe(404);
    expect(other.body).toEqual(unknown.body);
    expect((await t.call('DELETE', `${BASE}/${id}/cancel`, { token: 'tenant-b' })).status).toBe(404);
    expect((await status(id)).status).toBe(200);
  });

  it('takes the tenant from a JWT sub claim', async () => {
    const jwt = (sub: string) => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.sig`;
    const id = await create(undefined, jwt('alice'));
    expect((await status(id, jwt('alice'))).status).toBe(200);
    expect((await status(id, 'alice')).status).toBe(200);
    expect((await status(id, jwt('bob'))).status).toBe(404);
  });

  it('answers 401 in its envelope without a bearer token', async () => {
    for (const token of [null]) {
      const res = await t.call('GET', `${BASE}/job_X/status`, { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ success: false, status: 401, error: { code: 'UNAUTHORIZED' } });
    }
    const basic = await t.call('GET', `${BASE}/job_X/status`, { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
  });

  it('rejects bad input with 400 in its envelope', async () => {
    const bad = async (body: unknown, contentType = 'application/json') => {
      const res = await t.call('POST', BASE, { body, headers: { 'content-type': contentType } });
      expect(res.status).toBe(400);
      // the vendor's file: create's 400 is {success, message, status} and nothing more
      expect(res.body).toEqual({ success: false, status: 400, message: expect.any(String) });
      return res.body.message as string;
    };
    expect(await bad({ ...BODY, context_type: 'poem' })).toMatch(/context_type/);
    expect(await bad({ source: 'x', context_type: 'resource', scope: 'internal' })).toMatch(/documents/);
    expect(await bad({ ...BODY, documents: 'nope' })).toMatch(/documents/);
    await bad('{"documents": [');
    await bad('documents=1', 'text/plain');
    const id = await t.call('GET', `${BASE}/bad%20id!/status`);
    expect(id.status).toBe(400);
    expect(id.body.message).toBe('Invalid job id');
  });

  it("answers each operation's errors in its own envelope: status as seed 000, cancel as seed 001", async () => {
    const statusError = await t.call('GET', `${BASE}/bad%20id!/status`);
    expect(statusError.body).toEqual({ success: false, message: 'Invalid job id', status: 400, error: { code: 'BAD_REQUEST', message: 'Invalid job id' } });
    expect((await status('job_NEVERCREATED')).body).toEqual({
      success: false,
      message: 'Job not found',
      status: 404,
      error: { code: 'NOT_FOUND', message: 'Job not found' },
    });
    expect((await t.call('DELETE', `${BASE}/bad%20id!/cancel`)).body).toEqual({ success: false, message: 'Invalid job id', status: 400 });
    expect((await t.call('DELETE', `${BASE}/job_NEVERCREATED/cancel`)).body).toEqual({ success: false, message: 'Job not found', status: 404 });
    expect((await t.call('DELETE', `${BASE}/job_X/cancel`, { token: null })).body).toEqual({ success: false, message: 'Unauthorized', status: 401 });
  });

  it('answers 405 with Allow for an undocumented method and 404 for an unknown path', async () => {
    const res = await t.call('PUT', `${BASE}/job_X/status`, { unchecked: true });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    const unknown = await t.call('GET', '/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ success: false, status: 404 });
  });

  it('simulates 402 and 403 per tenant where the operation documents them', async () => {
    await t.control('PUT', '/tenants/broke', { simulate: 402 });
    const res = await t.call('POST', BASE, { body: BODY, token: 'broke' });
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({ success: false, status: 402 });
    await t.control('PUT', '/tenants/broke', { simulate: 403 });
    expect((await t.call('DELETE', `${BASE}/job_X/cancel`, { token: 'broke' })).status).toBe(403);
    // the status operation documents neither: it answers as usual
    expect((await status('job_X', 'broke')).status).toBe(404);
  });

  it('keeps jobs without a retention limit', async () => {
    const id = await create('queue=0s; run=1s; outcome=succeed');
    t.advance('400d');
    expect((await status(id)).body.status).toBe('completed');
  });

  it('gives the same ids and plans for the same seed', async () => {
    const first = [await create(), await create()];
    await t.control('POST', '/reset', { seed: 7 });
    expect([await create(), await create()]).toEqual(first);
  });
});
