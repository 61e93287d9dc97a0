// The control interface over real HTTP (127.0.0.1, port 0) on a frozen clock: every route's success
// and error paths, on the tiny fixture and variants of it (and the bundled specs when they load).
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { parse as parseYaml } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TwinClock } from '../../src/core/clock/clock.js';
import { Twin } from '../../src/core/twin.js';
import { Faults } from '../../src/mock/faults.js';
import { Journal } from '../../src/mock/journal.js';
import { loadApi } from '../../src/spec/load.js';
import type { ApiModel } from '../../src/spec/model.js';
import { createControlRouter } from '../../src/mock/control/router.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const FIXTURE = fileURLToPath(new URL('../../fixtures/specs/tiny.openapi.yaml', import.meta.url));
const isoAt = (ms: number) => new Date(ms).toISOString();

/** The fixture under another name, edited: each variant holds one way to cancel (or none). */
async function variant(name: string, edit: (doc: any) => void = () => {}): Promise<ApiModel> {
  const doc = parseYaml(await readFile(FIXTURE, 'utf8'));
  doc['x-jobtwin'].name = name;
  edit(doc);
  return loadApi(`${FIXTURE} (${name})`, doc);
}

function loadVariants(): Promise<ApiModel[]> {
  return Promise.all([
    variant('tiny'),
    // cancel removes the job; retention only once terminal
    variant('tiny-removes', (doc) => {
      const lc = doc['x-jobtwin'].lifecycle;
      lc.cancel = { allowed: ['queued', 'retrying'], conflict: ['running'], notFound: ['done', 'failed', 'cancelled'], removes: true };
      lc.retention = { days: 30, applies: 'terminal' };
    }),
    // no cancel operation: the control state "cancelled" is the way
    variant('tiny-control', (doc) => {
      delete doc['x-jobtwin'].lifecycle.cancel;
      delete doc.paths['/jobs/{id}/cancel'];
      doc['x-jobtwin'].lifecycle.retention = null;
    }),
    // no cancel operation, a control cancel state of another name, declared
    variant('tiny-declared', (doc) => {
      const lc = doc['x-jobtwin'].lifecycle;
      const rename = (s: string) => (s === 'cancelled' ? 'aborted' : s);
      delete lc.cancel;
      delete doc.paths['/jobs/{id}/cancel'];
      lc.states = lc.states.map(rename);
      lc.terminal = lc.terminal.map(rename);
      lc.controlStates = lc.controlStates.map(rename);
      for (const state of Object.keys(lc.transitions)) lc.transitions[state] = lc.transitions[state].map(rename);
      lc.controlCancel = 'aborted';
      lc.retention = null;
    }),
    // no way to cancel at all
    variant('tiny-bare', (doc) => {
      const lc = doc['x-jobtwin'].lifecycle;
      delete lc.cancel;
      delete lc.controlStates;
      delete doc.paths['/jobs/{id}/cancel'];
      lc.states = lc.states.filter((s: string) => s !== 'cancelled');
      lc.terminal = lc.terminal.filter((s: string) => s !== 'cancelled');
      lc.transitions = { queued: ['running'], running: ['done', 'failed', 'retrying'], retrying: ['running'] };
      lc.retention = null;
    }),
  ]);
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

interface Harness {
  url: string;
  twin: Twin;
  clock: TwinClock;
  faults: Faults;
  journal: Journal;
  call(method: string, path: string, options?: { body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Answer>;
  close(): Promise<void>;
}

async function start(apis: ApiModel[], token?: string): Promise<Harness> {
  const clock = new TwinClock({ start: T0, frozen: true });
  const twin = new Twin(apis, clock, 7, 1);
  const faults = new Faults();
  const journal = new Journal(100);
  const mounts = Object.fromEntries(apis.map((api) => [api.name, `/${api.name}${api.basePath}`]));
  const app = express();
  app.use('/__jobtwin', createControlRouter({ twin, clock, faults, journal, mounts, token, version: '9.9.9-test', startedAt: Date.now() }));
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__jobtwin`;
  return {
    url,
    twin,
    clock,
    faults,
    journal,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The error envelope, with its status. */
function expectError(res: Answer, status: number, code: string, message?: RegExp): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
  if (message) expect(res.body.error.message).toMatch(message);
}

describe('control interface', () => {
  let apis: ApiModel[];
  let t: Harness;
  const create = async (body: Record<string, unknown>) => {
    const res = await t.call('POST', '/jobs', { body: { api: 'tiny', tenant: 'acme', ...body } });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    apis = await loadVariants();
  });
  // A fresh twin per test: its clock only moves forward.
  beforeEach(async () => {
    t = await start(apis);
  });
  afterEach(() => t.close());

  describe('health and reset', () => {
    it('reports status, version, time, job count and every API with its operations', async () => {
      await create({});
      const res = await t.call('GET', '/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', version: '9.9.9-test', jobs: 1, now: isoAt(t.clock.now()) });
      expect(res.body.uptimeMs).toBeGreaterThanOrEqual(0);
      expect(res.body.apis.map((a: any) => a.name)).toEqual(['tiny', 'tiny-removes', 'tiny-control', 'tiny-declared', 'tiny-bare']);
      expect(res.body.apis[0]).toEqual({
        name: 'tiny',
        title: 'Tiny jobs API',
        mount: '/tiny',
        operations: [
          { method: 'POST', path: '/jobs', operationId: 'createJob', role: 'create' },
          { method: 'GET', path: '/jobs/{id}', operationId: 'getJob', role: 'status' },
          { method: 'POST', path: '/jobs/{id}/cancel', operationId: 'cancelJob', role: 'cancel' },
        ],
      });
    });

    it('reset clears jobs, tenants, faults and the journal, and sets the seed', async () => {
      const first = await create({});
      await t.call('PUT', '/tenants/acme', { body: { simulate: 402 } });
      await t.call('POST', '/faults', { body: { kind: 'drop' } });
      t.journal.record({ at: isoAt(T0), method: 'GET', path: '/tiny/jobs/x', status: 404, durationMs: 1 });
      const res = await t.call('POST', '/reset', { body: { seed: 7 } });
      expect(res.body).toEqual({ seed: 7 });
      expect(t.twin.jobCount).toBe(0);
      expect(t.twin.simulations().length).toBe(0);
      expect(t.faults.list()).toEqual([]);
      expect(t.journal.list()).toEqual([]);
      // same seed, same history: the same id again
      expect((await create({})).id).toBe(first.id);
      expect((await t.call('POST', '/reset', { body: { seed: 42 } })).body).toEqual({ seed: 42 });
      expect(t.twin.seed).toBe(42);
      expect((await create({})).id).not.toBe(first.id);
    });

    it('reset without a body keeps the seed', async () => {
      await t.call('POST', '/reset', { body: { seed: 99 } });
      const res = await t.call('POST', '/reset');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ seed: 99 });
    });

    it('reset refuses a seed that is not an integer, and unknown fields', async () => {
      expectError(await t.call('POST', '/reset', { body: { seed: 1.5 } }), 400, 'BAD_REQUEST', /"seed" must be an integer/);
      expectError(await t.call('POST', '/reset', { body: { seed: '7' } }), 400, 'BAD_REQUEST', /integer/);
      expectError(await t.call('POST', '/reset', { body: { sead: 7 } }), 400, 'BAD_REQUEST', /unknown field "sead"; it accepts seed/);
    });
  });

  describe('errors', () => {
    it('bad JSON is 400 in the envelope, never a 500 or an HTML page', async () => {
      const res = await t.call('POST', '/clock/advance', { raw: '{"by": ', headers: { 'content-type': 'application/json' } });
      expectError(res, 400, 'BAD_REQUEST', /not valid JSON/);
      expectError(await t.call('POST', '/reset', { raw: '"seed"', headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST');
    });

    it('reads JSON whatever the content type says (curl -d sends form-urlencoded)', async () => {
      const res = await t.call('POST', '/clock/advance', { raw: '{"by": "1s"}', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status).toBe(200);
      expect(res.body.now).toBe(T0 + 1000);
    });

    it('a body that is not an object is 400', async () => {
      expectError(await t.call('POST', '/jobs', { body: [1, 2] }), 400, 'BAD_REQUEST', /takes a JSON object/);
    });

    it('a body over 1 MB is 400', async () => {
      const res = await t.call('POST', '/jobs', { body: { api: 'tiny', tenant: 'acme', input: { blob: 'x'.repeat(1_100_000) } } });
      expectError(res, 400, 'BAD_REQUEST', /1 MB/);
    });

    it('an unknown route is 404 in the envelope, listing the routes', async () => {
      expectError(await t.call('GET', '/nope'), 404, 'NOT_FOUND', /no control route GET \/__jobtwin\/nope; .*GET \/health/);
      expectError(await t.call('PATCH', '/clock'), 404, 'NOT_FOUND', /PATCH \/__jobtwin\/clock/);
      expectError(await t.call('GET', '/clock/nope'), 404, 'NOT_FOUND');
      expectError(await t.call('DELETE', '/jobs'), 404, 'NOT_FOUND');
      expectError(await t.call('GET', ''), 404, 'NOT_FOUND');
    });
  });

  describe('token', () => {
    let guarded: Harness;
    beforeAll(async () => {
      guarded = await start(apis, 's3cret-token');
    });
    afterAll(() => guarded.close());

    it('leaves GET /health open', async () => {
      const res = await guarded.call('GET', '/health');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
    });

    it('answers 401 without the token, or with a wrong one', async () => {
      const none = await guarded.call('GET', '/clock');
      expectError(none, 401, 'UNAUTHORIZED', /needs its token.*Authorization: Bearer/);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expectError(await guarded.call('GET', '/clock', { headers: { authorization: 'Bearer s3cret-tokem' } }), 401, 'UNAUTHORIZED', /wrong/);
      expectError(await guarded.call('GET', '/clock', { headers: { authorization: 'Bearer s3cret' } }), 401, 'UNAUTHORIZED');
      expectError(await guarded.call('GET', '/clock', { headers: { 'x-jobtwin-token': 'nope' } }), 401, 'UNAUTHORIZED');
      expectError(await guarded.call('POST', '/reset', { body: {} }), 401, 'UNAUTHORIZED');
      // nothing is revealed before the token: not the routes, not a parse error
      expectError(await guarded.call('GET', '/nope'), 401, 'UNAUTHORIZED');
      expectError(await guarded.call('POST', '/jobs', { raw: '{', headers: { 'content-type': 'application/json' } }), 401, 'UNAUTHORIZED');
    });

    it('answers 200 with the token as a bearer or in X-Jobtwin-Token', async () => {
      expect((await guarded.call('GET', '/clock', { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
      expect((await guarded.call('GET', '/clock', { headers: { authorization: 'bearer   s3cret-token' } })).status).toBe(200);
      expect((await guarded.call('GET', '/clock', { headers: { 'x-jobtwin-token': 's3cret-token' } })).status).toBe(200);
      expectError(await guarded.call('GET', '/nope', { headers: { 'x-jobtwin-token': 's3cret-token' } }), 404, 'NOT_FOUND');
    });
  });

  describe('clock', () => {
    it('reads the clock', async () => {
      const res = await t.call('GET', '/clock');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ now: T0, iso: isoAt(T0), frozen: true, offsetMs: expect.any(Number), speed: 1 });
    });

    it('advances by text durations and milliseconds', async () => {
      let res = await t.call('POST', '/clock/advance', { body: { by: '1h30m' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ now: T0 + 5_400_000, iso: isoAt(T0 + 5_400_000), frozen: true, speed: 1, expired: 0 });
      res = await t.call('POST', '/clock/advance', { body: { by: 1500 } });
      expect(res.body.now).toBe(T0 + 5_401_500);
      res = await t.call('POST', '/clock/advance', { body: { by: '250' } });
      expect(res.body.now).toBe(T0 + 5_401_750);
    });

    it('refuses what is not a duration ≥ 0', async () => {
      for (const by of ['soon', -5, '1y', '', null, true, { ms: 1 }]) {
        expectError(await t.call('POST', '/clock/advance', { body: { by } }), 400, 'BAD_REQUEST', /"by" must be a duration/);
      }
      expectError(await t.call('POST', '/clock/advance', { body: {} }), 400, 'BAD_REQUEST', /got nothing/);
      expect(t.clock.now()).toBe(T0);
    });

    it('advancing past a retention makes jobs disappear', async () => {
      const all = await create({}); // tiny: every job 30 days after creation
      const done = await t.call('POST', '/jobs', { body: { api: 'tiny-removes', tenant: 'acme', state: 'done' } }); // terminal only
      const never = await t.call('POST', '/jobs', { body: { api: 'tiny-removes', tenant: 'acme', outcome: 'never' } });
      const kept = await t.call('POST', '/jobs', { body: { api: 'tiny-control', tenant: 'acme' } }); // no retention
      expect(all.expiresAt).toBe(isoAt(T0 + 30 * DAY));
      expect(done.body.expiresAt).toBe(isoAt(T0 + 30 * DAY));
      expect(never.body.expiresAt).toBeNull();
      expect(kept.body.expiresAt).toBeNull();

      let res = await t.call('POST', '/clock/advance', { body: { by: '29d' } });
      expect(res.body.expired).toBe(0);
      expect((await t.call('GET', `/jobs/tiny/${all.id}`)).status).toBe(200);
      res = await t.call('POST', '/clock/advance', { body: { by: '1d' } });
      expect(res.body.expired).toBe(2);
      expectError(await t.call('GET', `/jobs/tiny/${all.id}`), 404, 'NOT_FOUND', /unknown, deleted or expired/);
      expectError(await t.call('GET', `/jobs/tiny-removes/${done.body.id}`), 404, 'NOT_FOUND');
      expect((await t.call('GET', `/jobs/tiny-removes/${never.body.id}`)).body.status).toBe('running');
      expect((await t.call('GET', `/jobs/tiny-control/${kept.body.id}`)).status).toBe(200);
      expect((await t.call('GET', '/jobs')).body.total).toBe(2);
      expect(t.twin.jobCount).toBe(2);
    });

    it('sets the time forward (ISO or epoch ms), never backward', async () => {
      let res = await t.call('POST', '/clock/set', { body: { to: '2026-02-01T00:00:00Z' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ now: Date.parse('2026-02-01T00:00:00Z'), expired: 0 });
      res = await t.call('POST', '/clock/set', { body: { to: Date.parse('2026-03-01T00:00:00Z') } });
      expect(res.body.iso).toBe('2026-03-01T00:00:00.000Z');
      expectError(
        await t.call('POST', '/clock/set', { body: { to: '2026-01-15T00:00:00Z' } }),
        409,
        'CONFLICT',
        /only moves forward: 2026-01-15T00:00:00.000Z is before now/,
      );
      expectError(await t.call('POST', '/clock/set', { body: { to: 'tomorrow' } }), 400, 'BAD_REQUEST', /ISO 8601.*epoch milliseconds/);
      expectError(await t.call('POST', '/clock/set', { body: {} }), 400, 'BAD_REQUEST');
    });

    it('setting the time past a retention removes jobs too', async () => {
      await create({});
      const res = await t.call('POST', '/clock/set', { body: { to: T0 + 31 * DAY } });
      expect(res.body.expired).toBe(1);
    });

    it('resumes and freezes', async () => {
      let res = await t.call('POST', '/clock/resume');
      expect(res.status).toBe(200);
      expect(res.body.frozen).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(t.clock.now()).toBeGreaterThan(T0);
      res = await t.call('POST', '/clock/freeze');
      expect(res.body.frozen).toBe(true);
      const frozenAt = res.body.now;
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await t.call('GET', '/clock')).body.now).toBe(frozenAt);
      expectError(await t.call('POST', '/clock/freeze', { body: { now: true } }), 400, 'BAD_REQUEST', /accepts no fields/);
    });

    it('sets the speed for jobs created from then on', async () => {
      const before = await create({ outcome: 'succeed' });
      const res = await t.call('PUT', '/clock/speed', { body: { speed: 1000 } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ speed: 1000, note: expect.stringMatching(/created from now on/) });
      expect(t.twin.speed).toBe(1000);
      expect((await t.call('GET', '/clock')).body.speed).toBe(1000);
      const after = await create({ outcome: 'succeed' });
      const end = (job: any) => Date.parse(job.timeline[job.timeline.length - 1].at) - T0;
      expect(end(after)).toBeLessThanOrEqual(11); // (3000 + 8000) / 1000
      expect(end(before)).toBeGreaterThanOrEqual(3000); // 1000 + 2000 at least
      // the earlier job keeps its timeline
      expect((await t.call('GET', `/jobs/tiny/${before.id}`)).body.timeline).toEqual(before.timeline);
    });

    it('refuses a speed outside (0, 10000]', async () => {
      for (const speed of [0, -1, 10_001, '10', null]) {
        expectError(await t.call('PUT', '/clock/speed', { body: { speed } }), 400, 'BAD_REQUEST', /"speed" must be a number over 0 and at most 10000/);
      }
      expect((await t.call('PUT', '/clock/speed', { body: { speed: 10_000 } })).status).toBe(200);
      expect((await t.call('PUT', '/clock/speed', { body: { speed: 0.5 } })).body.speed).toBe(0.5);
    });
  });

  describe('jobs: create', () => {
    const expected: Record<string, { attempts: number; started: boolean; finished: boolean }> = {
      queued: { attempts: 0, started: false, finished: false },
      running: { attempts: 1, started: true, finished: false },
      retrying: { attempts: 1, started: true, finished: false },
      done: { attempts: 1, started: true, finished: true },
      failed: { attempts: 3, started: true, finished: true },
      cancelled: { attempts: 0, started: false, finished: true },
    };

    for (const [state, want] of Object.entries(expected)) {
      it(`creates a job already "${state}", with timestamps that agree`, async () => {
        const job = await create({ state });
        expect(job).toMatchObject({ api: 'tiny', tenant: 'acme', type: 'TINY', status: state, attempts: want.attempts, maxAttempts: 3, input: {} });
        expect(job.id).toMatch(/^tiny_[0-9A-Z]{20}$/);
        expect(job.createdAt).toBe(isoAt(T0));
        expect(job.startedAt).toBe(want.started ? isoAt(T0) : null);
        expect(job.finishedAt).toBe(want.finished ? isoAt(T0) : null);
        expect(job.updatedAt).toBe(isoAt(T0));
        expect(job.expiresAt).toBe(isoAt(T0 + 30 * DAY));
        expect(job.error === null).toBe(state !== 'failed');
        expect(job.failedReason === null).toBe(!['retrying', 'failed'].includes(state));
        expect(job.result === null).toBe(state !== 'done');
        if (state === 'done') expect(job.result).toEqual({ pages: expect.any(Number) });
        // the timeline starts queued, and the latest reached step is the state
        expect(job.timeline[0]).toMatchObject({ at: isoAt(T0), state: 'queued', attempt: 0, reached: true });
        const reached = job.timeline.filter((s: any) => s.reached);
        expect(reached[reached.length - 1].state).toBe(state);
        for (let i = 1; i < job.timeline.length; i++) expect(Date.parse(job.timeline[i].at)).toBeGreaterThanOrEqual(Date.parse(job.timeline[i - 1].at));
        // GET answers the same view
        expect((await t.call('GET', `/jobs/tiny/${job.id}`)).body).toEqual(job);
      });
    }

    it('keeps timestamps in order as the clock runs', async () => {
      const job = await create({});
      for (let i = 0; i < 60; i++) {
        // 42 s: past the longest history (3 s + 3 × 8 s + 2 × 2 s)
        const v = (await t.call('GET', `/jobs/tiny/${job.id}`)).body;
        const created = Date.parse(v.createdAt);
        if (v.startedAt) expect(Date.parse(v.startedAt)).toBeGreaterThanOrEqual(created);
        if (v.finishedAt) expect(Date.parse(v.finishedAt)).toBeGreaterThanOrEqual(Date.parse(v.startedAt ?? v.createdAt));
        expect(Date.parse(v.updatedAt)).toBeGreaterThanOrEqual(created);
        expect(Date.parse(v.updatedAt)).toBeLessThanOrEqual(t.clock.now());
        if (v.finishedAt) break;
        t.clock.advance(700);
      }
      expect(['done', 'failed']).toContain((await t.call('GET', `/jobs/tiny/${job.id}`)).body.status);
    });

    it('follows a chosen outcome and durations, through retries', async () => {
      const job = await create({ outcome: 'fail', durations: { queue: '1s', run: 2000, backoff: '500ms' } });
      expect(job.timeline.map((s: any) => [Date.parse(s.at) - T0, s.state, s.attempt, s.reached])).toEqual([
        [0, 'queued', 0, true],
        [1000, 'running', 1, false],
        [3000, 'retrying', 1, false],
        [3500, 'running', 2, false],
        [5500, 'retrying', 2, false],
        [6000, 'running', 3, false],
        [8000, 'failed', 3, false],
      ]);
      expect(job.timeline[2].failure).toEqual(expect.any(String));
      expect(job.timeline[1].failure).toBeUndefined();
      t.clock.advance(3000);
      let v = (await t.call('GET', `/jobs/tiny/${job.id}`)).body;
      expect(v).toMatchObject({
        status: 'retrying',
        attempts: 1,
        failedReason: job.timeline[2].failure,
        error: null,
        startedAt: isoAt(T0 + 1000),
        finishedAt: null,
      });
      t.clock.advance(5000);
      v = (await t.call('GET', `/jobs/tiny/${job.id}`)).body;
      expect(v).toMatchObject({ status: 'failed', attempts: 3, startedAt: isoAt(T0 + 6000), finishedAt: isoAt(T0 + 8000), updatedAt: isoAt(T0 + 8000) });
      expect(v.error).toBe(v.failedReason);
      expect(v.timeline.every((s: any) => s.reached)).toBe(true);
    });

    it('takes failures, state-named durations, a type and an input', async () => {
      const job = await create({
        outcome: 'succeed',
        failures: 1,
        durations: { queued: 100, running: '1s', retrying: 0 },
        type: 'CUSTOM',
        input: { name: 'report.pdf' },
      });
      expect(job).toMatchObject({ type: 'CUSTOM', input: { name: 'report.pdf' } });
      expect(job.timeline.map((s: any) => [Date.parse(s.at) - T0, s.state, s.attempt])).toEqual([
        [0, 'queued', 0],
        [100, 'running', 1],
        [1100, 'retrying', 1],
        [1100, 'running', 2],
        [2100, 'done', 2],
      ]);
    });

    it('creates in a state, then goes on with the chosen outcome', async () => {
      const job = await create({ state: 'running', outcome: 'succeed', durations: { run: '2s' } });
      expect(job.timeline.map((s: any) => s.state)).toEqual(['queued', 'running', 'done']);
      t.clock.advance(2000);
      expect((await t.call('GET', `/jobs/tiny/${job.id}`)).body).toMatchObject({ status: 'done', finishedAt: isoAt(T0 + 2000), startedAt: isoAt(T0) });
    });

    it('refuses an unknown or missing api, a missing tenant, and unknown fields', async () => {
      expectError(
        await t.call('POST', '/jobs', { body: { tenant: 'acme' } }),
        400,
        'BAD_REQUEST',
        /"api" is required: one of tiny, tiny-removes, tiny-control, tiny-declared, tiny-bare/,
      );
      expectError(
        await t.call('POST', '/jobs', { body: { api: 'nope', tenant: 'acme' } }),
        400,
        'BAD_REQUEST',
        /no API named "nope"; this twin serves tiny, tiny-removes/,
      );
      expectError(await t.call('POST', '/jobs', { body: { api: 'tiny' } }), 400, 'BAD_REQUEST', /"tenant" is required/);
      expectError(await t.call('POST', '/jobs', { body: { api: 'tiny', tenant: '' } }), 400, 'BAD_REQUEST', /non-empty string/);
      expectError(
        await t.call('POST', '/jobs', { body: { api: 'tiny', tenant: 'acme', outcom: 'fail' } }),
        400,
        'BAD_REQUEST',
        /unknown field "outcom"; it accepts api, tenant, state, outcome/,
      );
    });

    it('refuses a bad state with the valid names', async () => {
      expectError(
        await create400({ state: 'bogus' }),
        400,
        'BAD_REQUEST',
        /"bogus" is not a state of tiny \(queued, running, retrying, done, failed, cancelled\)/,
      );
      expectError(
        await create400({ state: 'cancelled' }, 'tiny-bare'),
        400,
        'BAD_REQUEST',
        /not a state of tiny-bare \(queued, running, retrying, done, failed\)/,
      );
      expectError(await create400({ state: 3 }), 400, 'BAD_REQUEST', /"state" must be a non-empty string/);
    });

    it('refuses bad outcomes, failures, durations, types and inputs, saying what is accepted', async () => {
      expectError(
        await create400({ outcome: 'maybe' }),
        400,
        'BAD_REQUEST',
        /^"outcome": outcome must be one of succeed, fail, partial, never \(got "maybe"\)$/,
      );
      expectError(await create400({ outcome: 1 }), 400, 'BAD_REQUEST', /one of succeed, fail, partial, never/);
      expectError(await create400({ outcome: 'partial' }), 400, 'BAD_REQUEST', /no partial outcome/);
      expectError(await create400({ outcome: 'fail;failures=1' }), 400, 'BAD_REQUEST', /must not contain/);
      expectError(await create400({ failures: -1 }), 400, 'BAD_REQUEST', /failures must be a whole number/);
      expectError(await create400({ failures: 1.5 }), 400, 'BAD_REQUEST', /failures must be a whole number/);
      expectError(await create400({ failures: '2' }), 400, 'BAD_REQUEST', /"failures" must be a whole number/);
      expectError(
        await create400({ durations: { warp: '1s' } }),
        400,
        'BAD_REQUEST',
        /^"durations.warp": unknown directive "warp" \(outcome, failures, type, queue, run, backoff or a state name\)$/,
      );
      expectError(await create400({ durations: { run: 'soon' } }), 400, 'BAD_REQUEST', /"durations.run": run needs a duration such as 500ms/);
      expectError(await create400({ durations: { run: -1 } }), 400, 'BAD_REQUEST', /run needs a duration/);
      expectError(await create400({ durations: { run: '1s;outcome=fail' } }), 400, 'BAD_REQUEST', /must not contain/);
      expectError(await create400({ durations: { run: true } }), 400, 'BAD_REQUEST', /"durations.run" must be milliseconds/);
      expectError(await create400({ durations: ['1s'] }), 400, 'BAD_REQUEST', /"durations" must be an object/);
      expectError(await create400({ type: '' }), 400, 'BAD_REQUEST', /"type" must be a non-empty string/);
      expectError(await create400({ input: [1] }), 400, 'BAD_REQUEST', /"input" must be a JSON object/);
      expectError(await create400({ input: null }), 400, 'BAD_REQUEST', /"input" must be a JSON object/);
      expect(t.twin.jobCount).toBe(0);
    });

    const create400 = (body: Record<string, unknown>, api = 'tiny') => t.call('POST', '/jobs', { body: { api, tenant: 'acme', ...body } });
  });

  describe('jobs: list, read, delete', () => {
    it('lists newest first with filters, a limit and the total', async () => {
      const a = await create({ state: 'done' });
      const b = await create({ tenant: 'globex', state: 'queued' });
      const c = await t.call('POST', '/jobs', { body: { api: 'tiny-control', tenant: 'acme', state: 'done' } });
      let res = await t.call('GET', '/jobs');
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(3);
      expect(res.body.jobs.map((j: any) => j.id)).toEqual([c.body.id, b.id, a.id]);
      expect(res.body.jobs[1]).toEqual({
        api: 'tiny',
        id: b.id,
        tenant: 'globex',
        type: 'TINY',
        status: 'queued',
        attempts: 0,
        createdAt: isoAt(T0),
        updatedAt: isoAt(T0),
      });
      res = await t.call('GET', '/jobs?api=tiny');
      expect(res.body.jobs.map((j: any) => j.id)).toEqual([b.id, a.id]);
      res = await t.call('GET', '/jobs?tenant=acme');
      expect(res.body.jobs.map((j: any) => j.id)).toEqual([c.body.id, a.id]);
      res = await t.call('GET', '/jobs?state=done&api=tiny');
      expect(res.body).toEqual({ jobs: [expect.objectContaining({ id: a.id, status: 'done', attempts: 1 })], total: 1 });
      res = await t.call('GET', '/jobs?limit=1');
      expect(res.body.jobs.map((j: any) => j.id)).toEqual([c.body.id]);
      expect(res.body.total).toBe(3);
    });

    it('filters by the state now, not at creation', async () => {
      const job = await create({ outcome: 'succeed', durations: { queue: '1s', run: '1s' } });
      expect((await t.call('GET', '/jobs?state=queued')).body.total).toBe(1);
      t.clock.advance(1000);
      expect((await t.call('GET', '/jobs?state=queued')).body.total).toBe(0);
      expect((await t.call('GET', '/jobs?state=running')).body.jobs[0]).toMatchObject({ id: job.id, updatedAt: isoAt(T0 + 1000), attempts: 1 });
    });

    it('refuses bad filters and limits', async () => {
      expectError(await t.call('GET', '/jobs?api=nope'), 400, 'BAD_REQUEST', /this twin serves tiny/);
      expectError(await t.call('GET', '/jobs?state=bogus'), 400, 'BAD_REQUEST', /"bogus" is not a state of any API served \(queued, running/);
      expectError(await t.call('GET', '/jobs?api=tiny-bare&state=cancelled'), 400, 'BAD_REQUEST', /not a state of tiny-bare/);
      for (const limit of ['0', '10001', 'ten', '-1', '1.5']) {
        expectError(await t.call('GET', `/jobs?limit=${limit}`), 400, 'BAD_REQUEST', /"limit" must be a whole number from 1 to 10000/);
      }
      expectError(await t.call('GET', '/jobs?api=tiny&api=tiny-bare'), 400, 'BAD_REQUEST', /given once/);
      expect((await t.call('GET', '/jobs?limit=10000')).status).toBe(200);
    });

    it('reading an unknown API or job is 404', async () => {
      expectError(await t.call('GET', '/jobs/nope/x'), 404, 'NOT_FOUND', /no API named "nope"; this twin serves tiny/);
      expectError(await t.call('GET', '/jobs/tiny/tiny_unknown'), 404, 'NOT_FOUND', /no job "tiny_unknown" in tiny/);
    });

    it('deletes a job: 204, then 404', async () => {
      const job = await create({});
      const res = await t.call('DELETE', `/jobs/tiny/${job.id}`);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectError(await t.call('GET', `/jobs/tiny/${job.id}`), 404, 'NOT_FOUND');
      expectError(await t.call('DELETE', `/jobs/tiny/${job.id}`), 404, 'NOT_FOUND');
      expectError(await t.call('DELETE', `/jobs/nope/${job.id}`), 404, 'NOT_FOUND');
      expect(t.twin.jobCount).toBe(0);
    });
  });

  describe('jobs: transition', () => {
    const move = (id: string, body: unknown, api = 'tiny') => t.call('POST', `/jobs/${api}/${id}/transition`, { body });

    it('makes a declared move, starting an attempt', async () => {
      const job = await create({ durations: { queue: '1h' } });
      t.clock.advance(1000);
      const res = await move(job.id, { to: 'running' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'running', attempts: 1, startedAt: isoAt(T0 + 1000), updatedAt: isoAt(T0 + 1000), finishedAt: null });
      expect(res.body.timeline.slice(0, 2)).toEqual([
        { at: isoAt(T0), state: 'queued', attempt: 0, reached: true },
        { at: isoAt(T0 + 1000), state: 'running', attempt: 1, reached: true },
      ]);
    });

    it('a failing move out of running records the failure, timestamps in order', async () => {
      const job = await create({ state: 'running', outcome: 'never' });
      t.clock.advance(2500);
      const res = await move(job.id, { to: 'failed' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'failed', attempts: 1, startedAt: isoAt(T0), finishedAt: isoAt(T0 + 2500), failedReason: expect.any(String) });
      expect(res.body.error).toBe(res.body.failedReason);
    });

    it('refuses an undeclared move with 409 naming the allowed ones, unless forced', async () => {
      const job = await create({});
      expectError(
        await move(job.id, { to: 'done' }),
        409,
        'CONFLICT',
        /is "queued": it can move to running, cancelled.*not "done" \(force it with "force": true\)/,
      );
      const forced = await move(job.id, { to: 'done', force: true });
      expect(forced.status).toBe(200);
      expect(forced.body).toMatchObject({ status: 'done', finishedAt: isoAt(T0), result: { pages: expect.any(Number) } });
      expectError(await move(job.id, { to: 'running' }), 409, 'CONFLICT', /it can move to nothing \(terminal\)/);
      expect((await move(job.id, { to: 'running', force: true })).body).toMatchObject({ status: 'running', finishedAt: null });
    });

    it('enters a control state from a non-terminal one without force', async () => {
      const job = await t.call('POST', '/jobs', { body: { api: 'tiny-control', tenant: 'acme', state: 'running' } });
      const res = await move(job.body.id, { to: 'cancelled' }, 'tiny-control');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', finishedAt: isoAt(T0), error: null });
    });

    it('refuses a bad body (400), an unknown job or API (404)', async () => {
      const job = await create({});
      expectError(await move(job.id, { to: 'bogus' }), 400, 'BAD_REQUEST', /"bogus" is not a state of tiny \(queued, running/);
      expectError(await move(job.id, {}), 400, 'BAD_REQUEST', /"to" is required: the state to move to \(queued, running/);
      expectError(await move(job.id, { to: 'running', force: 'yes' }), 400, 'BAD_REQUEST', /"force" must be true or false/);
      expectError(await move(job.id, { to: 'running', hard: true }), 400, 'BAD_REQUEST', /unknown field "hard"/);
      expectError(await move('tiny_nope', { to: 'running' }), 404, 'NOT_FOUND');
      expectError(await move(job.id, { to: 'running' }, 'nope'), 404, 'NOT_FOUND');
    });
  });

  describe('jobs: cancel', () => {
    const cancel = (api: string, id: string) => t.call('POST', `/jobs/${api}/${id}/cancel`);
    const make = async (api: string, body: Record<string, unknown> = {}) => (await t.call('POST', '/jobs', { body: { api, tenant: 'acme', ...body } })).body;

    it('follows the API cancel rules: allowed → cancelled (200), running → 409, finished → 404', async () => {
      const queued = await make('tiny');
      const res = await cancel('tiny', queued.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ cancelled: true, removed: false, job: { id: queued.id, status: 'cancelled', finishedAt: isoAt(T0) } });
      expect((await t.call('GET', `/jobs/tiny/${queued.id}`)).body.status).toBe('cancelled');

      const retrying = await make('tiny', { state: 'retrying' });
      expect((await cancel('tiny', retrying.id)).body.job.status).toBe('cancelled');

      const running = await make('tiny', { state: 'running' });
      expectError(
        await cancel('tiny', running.id),
        409,
        'CONFLICT',
        /is "running": tiny's cancel operation refuses it \(409\) in running; it cancels in queued, retrying/,
      );
      const done = await make('tiny', { state: 'done' });
      expectError(await cancel('tiny', done.id), 404, 'NOT_FOUND', /is "done": tiny's cancel operation answers 404 in done, failed, cancelled/);
      expectError(await cancel('tiny', queued.id), 404, 'NOT_FOUND', /is "cancelled"/);
    });

    it('removes the job when the rules say so', async () => {
      const job = await make('tiny-removes');
      const res = await cancel('tiny-removes', job.id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ cancelled: true, removed: true, job: null });
      expectError(await t.call('GET', `/jobs/tiny-removes/${job.id}`), 404, 'NOT_FOUND');
    });

    it('uses the control state "cancelled" when the API has no cancel rules', async () => {
      const job = await make('tiny-control', { state: 'running' });
      const res = await cancel('tiny-control', job.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ cancelled: true, removed: false, job: { status: 'cancelled', startedAt: isoAt(T0), finishedAt: isoAt(T0) } });
      const done = await make('tiny-control', { state: 'done' });
      expectError(await cancel('tiny-control', done.id), 409, 'CONFLICT', /is "done": it can move to nothing \(terminal\)/);
    });

    it('uses the declared lifecycle.controlCancel state', async () => {
      const job = await make('tiny-declared', { state: 'running' });
      const res = await cancel('tiny-declared', job.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ cancelled: true, removed: false, job: { status: 'aborted' } });
    });

    it('is 409 when the API has no way to cancel', async () => {
      const job = await make('tiny-bare');
      expectError(await cancel('tiny-bare', job.id), 409, 'CONFLICT', /this API has no way to cancel/);
      expect((await t.call('GET', `/jobs/tiny-bare/${job.id}`)).body.status).toBe('queued');
    });

    it('is 404 for an unknown API or job', async () => {
      expectError(await cancel('nope', 'x'), 404, 'NOT_FOUND', /no API named/);
      expectError(await cancel('tiny', 'tiny_nope'), 404, 'NOT_FOUND', /no job "tiny_nope"/);
    });
  });

  describe('tenants', () => {
    it('simulates 402 and 403 on the operations that document them, and stops', async () => {
      expect((await t.call('GET', '/tenants')).body).toEqual({ tenants: [] });
      let res = await t.call('PUT', '/tenants/acme', { body: { simulate: 402 } });
      expect(res.status).toBe(200);
      expect(res.body.tenant).toBe('acme');
      expect(res.body.simulate).toBe(402);
      expect(res.body.appliesTo).toContainEqual({ api: 'tiny', operationId: 'createJob' });
      expect(res.body.appliesTo.every((a: any) => a.operationId === 'createJob')).toBe(true);
      expect(t.twin.simulationFor('acme')).toEqual({ status: 402 });

      res = await t.call('PUT', '/tenants/globex', { body: { simulate: 'forbidden' } });
      expect(res.body).toMatchObject({ tenant: 'globex', simulate: 403 });
      expect(res.body.appliesTo).toContainEqual({ api: 'tiny', operationId: 'getJob' });
      expect((await t.call('PUT', '/tenants/initech', { body: { simulate: 'paymentRequired' } })).body.simulate).toBe(402);
      expect((await t.call('PUT', '/tenants/umbrella', { body: { simulate: 403 } })).body.simulate).toBe(403);

      expect((await t.call('GET', '/tenants')).body.tenants).toEqual([
        { tenant: 'acme', simulate: 402 },
        { tenant: 'globex', simulate: 403 },
        { tenant: 'initech', simulate: 402 },
        { tenant: 'umbrella', simulate: 403 },
      ]);

      res = await t.call('PUT', '/tenants/acme', { body: { simulate: null } });
      expect(res.body).toEqual({ tenant: 'acme', simulate: null, appliesTo: [] });
      expect(t.twin.simulationFor('acme')).toBeUndefined();
      expect((await t.call('DELETE', '/tenants/globex')).status).toBe(204);
      expect((await t.call('DELETE', '/tenants/never-set')).status).toBe(204);
      expect((await t.call('GET', '/tenants')).body.tenants.map((x: any) => x.tenant)).toEqual(['initech', 'umbrella']);
    });

    it('refuses anything else', async () => {
      for (const simulate of [500, 'teapot', true, undefined]) {
        expectError(
          await t.call('PUT', '/tenants/acme', { body: { simulate } }),
          400,
          'BAD_REQUEST',
          /"simulate" must be 402 or "paymentRequired".*null to stop/,
        );
      }
      expectError(await t.call('PUT', '/tenants/acme', { body: { status: 402 } }), 400, 'BAD_REQUEST', /unknown field "status"/);
      expect(t.twin.simulations().length).toBe(0);
    });
  });

  describe('faults', () => {
    it('adds, lists, removes one and clears all', async () => {
      let res = await t.call('POST', '/faults', { body: { kind: 'status', status: 503, api: 'tiny', method: 'get', path: '/tiny/jobs/*', times: 2 } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        kind: 'status',
        status: 503,
        api: 'tiny',
        method: 'GET',
        path: '/tiny/jobs/*',
        times: 2,
        remaining: 2,
        hits: 0,
      });
      const id = res.body.id;
      res = await t.call('POST', '/faults', { body: { kind: 'rateLimit', retryAfterSeconds: 3 } });
      expect(res.body).toMatchObject({ kind: 'rateLimit', status: 429, retryAfterSeconds: 3, times: null });
      expect((await t.call('GET', '/faults')).body.faults.map((f: any) => f.kind)).toEqual(['status', 'rateLimit']);
      expect((await t.call('DELETE', `/faults/${id}`)).status).toBe(204);
      expectError(await t.call('DELETE', `/faults/${id}`), 404, 'NOT_FOUND', new RegExp(`no fault "${id}"; the active ones are fault-`));
      expect((await t.call('GET', '/faults')).body.faults).toHaveLength(1);
      expect((await t.call('DELETE', '/faults')).status).toBe(204);
      expect((await t.call('GET', '/faults')).body).toEqual({ faults: [] });
    });

    it('refuses bad rules with what is accepted', async () => {
      const bad = async (body: unknown, message: RegExp) => expectError(await t.call('POST', '/faults', { body }), 400, 'BAD_REQUEST', message);
      await bad({ kind: 'boom' }, /kind must be one of latency, status, rateLimit, drop/);
      await bad({}, /kind must be one of/);
      await bad({ kind: 'status', status: 200 }, /status must be an integer from 400 to 599/);
      await bad({ kind: 'latency', latencyMs: '5' }, /"latencyMs" must be a number/);
      await bad({ kind: 'latency', latencyMs: 700_000 }, /latencyMs must be from 0 to 600000/);
      await bad({ kind: 'drop', times: 0 }, /times must be a positive integer/);
      await bad({ kind: 'drop', times: 'twice' }, /"times" must be a positive integer/);
      await bad({ kind: 'drop', api: 'nope' }, /no API named "nope"/);
      await bad({ kind: 'drop', method: 5 }, /"method" must be a string/);
      await bad({ kind: 'drop', count: 2 }, /unknown field "count"; it accepts kind, api, method, path/);
      expect(t.faults.list()).toEqual([]);
    });
  });

  describe('journal', () => {
    it('lists entries newest first, filtered and limited, and clears them', async () => {
      const entry = (api: string, tenant: string, path: string) =>
        t.journal.record({ at: isoAt(T0), method: 'GET', path, status: 200, durationMs: 1, api, tenant });
      entry('tiny', 'acme', '/tiny/jobs/1');
      entry('tiny-bare', 'acme', '/tiny-bare/jobs/2');
      entry('tiny', 'globex', '/tiny/jobs/3');
      let res = await t.call('GET', '/journal');
      expect(res.status).toBe(200);
      expect(res.body.entries.map((e: any) => e.path)).toEqual(['/tiny/jobs/3', '/tiny-bare/jobs/2', '/tiny/jobs/1']);
      expect(res.body.entries[0]).toMatchObject({ seq: expect.any(Number), at: isoAt(T0), method: 'GET', status: 200, api: 'tiny', tenant: 'globex' });
      res = await t.call('GET', '/journal?api=tiny');
      expect(res.body.entries.map((e: any) => e.path)).toEqual(['/tiny/jobs/3', '/tiny/jobs/1']);
      res = await t.call('GET', '/journal?tenant=acme&limit=1');
      expect(res.body.entries.map((e: any) => e.path)).toEqual(['/tiny-bare/jobs/2']);
      expect((await t.call('DELETE', '/journal')).status).toBe(204);
      expect((await t.call('GET', '/journal')).body).toEqual({ entries: [] });
    });

    it('refuses a bad limit or API', async () => {
      expectError(await t.call('GET', '/journal?limit=0'), 400, 'BAD_REQUEST', /"limit" must be a whole number from 1 to 10000/);
      expectError(await t.call('GET', '/journal?api=nope'), 400, 'BAD_REQUEST', /no API named "nope"/);
    });
  });
});

// The bundled specs, while they are being written: used when present and loadable.
describe('control interface on the bundled specs', async () => {
  const names = ['alchemyst', 'crosmos', 'contextual', 'jobs'];
  const bundled = (
    await Promise.all(names.map((name) => loadApi(fileURLToPath(new URL(`../../specs/${name}.openapi.yaml`, import.meta.url))).catch(() => undefined)))
  ).filter((api): api is ApiModel => api !== undefined);
  const has = (name: string) => bundled.some((api) => api.name === name);
  let t: Harness;
  beforeAll(async () => {
    if (bundled.length) t = await start(bundled);
  });
  afterAll(() => t?.close());

  it.skipIf(!bundled.length)('creates a job in every state of every API, with timestamps that agree', async () => {
    for (const api of bundled) {
      for (const state of api.ext.lifecycle.states) {
        const res = await t.call('POST', '/jobs', { body: { api: api.name, tenant: 'acme', state } });
        expect(res.status, `${api.name} ${state}: ${res.text}`).toBe(201);
        const v = res.body;
        expect(v.status).toBe(state);
        const ends = api.endStates.has(state);
        expect(v.finishedAt !== null, `${api.name} ${state} finishedAt`).toBe(ends);
        if (v.startedAt) expect(Date.parse(v.startedAt)).toBeGreaterThanOrEqual(Date.parse(v.createdAt));
        if (v.finishedAt && v.startedAt) expect(Date.parse(v.finishedAt)).toBeGreaterThanOrEqual(Date.parse(v.startedAt));
        expect(v.result !== null, `${api.name} ${state} result`).toBe(
          state === api.ext.lifecycle.outcomes.succeeded || state === api.ext.lifecycle.outcomes.partial,
        );
        expect(v.error !== null, `${api.name} ${state} error`).toBe(state === api.ext.lifecycle.outcomes.failed);
      }
    }
  });

  it.skipIf(!has('alchemyst'))('alchemyst: cancel removes a waiting job, refuses an active one', async () => {
    const waiting = (await t.call('POST', '/jobs', { body: { api: 'alchemyst', tenant: 'acme' } })).body;
    expect((await t.call('POST', `/jobs/alchemyst/${waiting.id}/cancel`)).body).toEqual({ cancelled: true, removed: true, job: null });
    const active = (await t.call('POST', '/jobs', { body: { api: 'alchemyst', tenant: 'acme', state: 'active' } })).body;
    expectError(await t.call('POST', `/jobs/alchemyst/${active.id}/cancel`), 409, 'CONFLICT', /"active"/);
  });

  it.skipIf(!has('crosmos'))('crosmos: cancels through the control state; terminal jobs go after 90 days', async () => {
    const pending = (await t.call('POST', '/jobs', { body: { api: 'crosmos', tenant: 'acme', input: { sources: [{ content: 'a' }] } } })).body;
    const res = await t.call('POST', `/jobs/crosmos/${pending.id}/cancel`);
    expect(res.body).toMatchObject({ cancelled: true, removed: false, job: { status: 'cancelled' } });
    const stuck = (await t.call('POST', '/jobs', { body: { api: 'crosmos', tenant: 'acme', outcome: 'never' } })).body;
    expect(res.body.job.expiresAt).toBe(new Date(Date.parse(res.body.job.createdAt) + 90 * DAY).toISOString());
    await t.call('POST', '/clock/advance', { body: { by: '90d' } });
    expectError(await t.call('GET', `/jobs/crosmos/${pending.id}`), 404, 'NOT_FOUND');
    expect((await t.call('GET', `/jobs/crosmos/${stuck.id}`)).body.status).toBe('processing');
  });

  it.skipIf(!bundled.length)('health lists each bundled API with its roles', async () => {
    const res = await t.call('GET', '/health');
    for (const api of bundled) {
      const listed = res.body.apis.find((a: any) => a.name === api.name);
      expect(listed.mount).toBe(`/${api.name}${api.basePath}`);
      expect(listed.operations.some((op: any) => op.role === 'create')).toBe(true);
    }
  });
});
