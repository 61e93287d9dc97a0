// Faults of different kinds combine (every matching latency, then the first answering fault), and a
// reset brings the twin back to how it started: clock and speed included.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Faults } from '../../src/mock/faults.js';
import { startTwin, T0, type Harness } from '../helpers/twin.js';

const STATUS = '/jobs/api/jobs/00000000-0000-4000-8000-000000000000';

describe('faults combine', () => {
  it('takes every matching latency and the first answering fault, each spent once', () => {
    const faults = new Faults();
    faults.add({ kind: 'latency', latencyMs: 100, times: 1 });
    faults.add({ kind: 'status', status: 503, times: 1 });
    faults.add({ kind: 'latency', latencyMs: 50, method: 'GET' });
    faults.add({ kind: 'rateLimit', times: 1 });
    const first = faults.take({ method: 'GET', path: '/x' });
    expect(first.map((r) => [r.id, r.kind])).toEqual([
      ['fault-1', 'latency'],
      ['fault-2', 'status'],
      ['fault-3', 'latency'],
    ]);
    // fault-1 and fault-2 are spent; the rate limit, behind the 503, was not touched
    const second = faults.take({ method: 'GET', path: '/x' });
    expect(second.map((r) => r.id)).toEqual(['fault-3', 'fault-4']);
    expect(faults.list().map((r) => [r.id, r.hits])).toEqual([['fault-3', 2]]);
    expect(faults.take({ method: 'POST', path: '/x' })).toEqual([]);
  });

  describe('on the wire', () => {
    let t: Harness;
    beforeAll(async () => {
      t = await startTwin({ apis: ['jobs', 'alchemyst'] });
    });
    afterAll(() => t.close());
    beforeEach(async () => {
      await t.control('POST', '/reset', { seed: 7 });
    });

    it('a latency fault does not hide a 503: the request waits, then gets the 503', async () => {
      await t.control('POST', '/faults', { kind: 'latency', latencyMs: 120, api: 'jobs', times: 1 });
      await t.control('POST', '/faults', { kind: 'status', status: 503, api: 'jobs', times: 1 });
      const started = performance.now();
      const res = await t.call('GET', STATUS, { unchecked: true });
      expect(res.status).toBe(503);
      expect(performance.now() - started).toBeGreaterThanOrEqual(110); // a lower bound only
      const [entry] = (await t.control('GET', '/journal?limit=1')).body.entries;
      expect(entry).toMatchObject({ status: 503, fault: 'fault-1,fault-2' });
      expect((await t.control('GET', '/faults')).body.faults).toEqual([]);
      expect((await t.call('GET', STATUS)).status).toBe(404);
    });
  });
});

describe('reset', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startTwin({ apis: ['jobs'], speed: 2 });
  });
  afterAll(() => t.close());

  it('brings back the clock’s start and the first speed, and the same ids for the same seed', async () => {
    const create = () => t.call('POST', '/api/admin/prompts/preview', { body: { systemPrompt: 's', userPromptTemplate: 'u' } });
    const first = (await create()).body.data.jobId;
    await t.control('POST', '/clock/advance', { by: '31d' });
    await t.control('PUT', '/clock/speed', { speed: 50 });
    const res = await t.control('POST', '/reset');
    expect(res.body).toEqual({ seed: 7 });
    expect((await t.control('GET', '/clock')).body).toMatchObject({ now: T0, frozen: true, speed: 2 });
    expect((await create()).body.data.jobId).toBe(first);
    const job = (await t.control('GET', `/jobs/jobs/${first}`)).body;
    expect(Date.parse(job.createdAt ?? job.job?.createdAt)).toBe(T0);
  });

  it('freezes a clock that was resumed, at its start', async () => {
    await t.control('POST', '/clock/resume');
    await t.control('POST', '/reset');
    expect((await t.control('GET', '/clock')).body).toMatchObject({ now: T0, frozen: true });
  });
});
