// The jobs API on a real NestJS 12 app (test/engines/jobs-nestjs): the conformance suite must pass it,
// and the twin must answer as it does: the same pinned plans through the same states, and the same
// status and envelope for the edge requests (bad uuid, bad body, no/expired/undecodable/badly signed
// token, another user's job, another method).
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_CHECKS, expectCleanRun } from '../helpers/clean-run.js';
import { startTwin, T0, type Harness } from '../helpers/twin.js';
import type { RunningNest } from './jobs-nestjs/app.js';
import { SECRET, hs256, inOrder, shape, steps, type JobView } from './jobs-nestjs/tokens-and-traces.js';

// The engine is a dev dependency: without it, say so and skip rather than fail on the import.
const missing = await Promise.all(
  ['@nestjs/core', '@nestjs/common', '@nestjs/platform-express', 'class-validator', 'class-transformer'].map((name) =>
    import(name).then(
      () => null,
      () => name,
    ),
  ),
);
const absent = missing.filter((name) => name !== null);
if (absent.length) console.log(`jobs on NestJS: skipped, not installed: ${absent.join(', ')}`);
const engine = absent.length ? undefined : { ...(await import('./jobs-nestjs/app.js')), ...(await import('./jobs-nestjs/jobs.service.js')) };

const PREVIEW = '/api/admin/prompts/preview';
const BODY = { systemPrompt: 'You are terse.', userPromptTemplate: 'Summarise {{topic}}', variables: { topic: 'risk' } };
const TERMINAL = new Set(['COMPLETED', 'FAILED']);
const ALICE = hs256({ sub: 'alice' });
const BOB = hs256({ sub: 'bob' });

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/** A request to the Nest app, as the twin harness sends them. */
async function nestCall(
  nest: RunningNest,
  method: string,
  path: string,
  o: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  const token = o.token === undefined ? ALICE : o.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${nest.url}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe.skipIf(!engine)('jobs on NestJS 12', () => {
  let nest: RunningNest;
  let twin: Harness;
  beforeAll(async () => {
    nest = await engine!.startJobsNest({ secret: SECRET });
    twin = await startTwin({ apis: ['jobs'], jwt: { secret: SECRET } });
  });
  afterAll(async () => {
    await nest?.close();
    await twin?.close();
  });

  it.each([3, 41])(
    'passes the conformance suite with two tenants (seed %i)',
    async (seed) => {
      await expectCleanRun({ api: 'jobs', target: nest.url, token: ALICE, otherToken: BOB, seed, runs: 8 }, [
        ...CORE_CHECKS,
        'lifecycle_transitions',
        'lifecycle_timestamps',
      ]);
    },
    60_000,
  );

  describe('the twin traces the same lifecycle as the engine', () => {
    // Nest runs in real time (short durations); the twin on its frozen clock, stepped.
    const FAST = 'queue=120ms; run=120ms; backoff=120ms';
    const PLANS = [FAST, `failures=1; ${FAST}`, `failures=2; ${FAST}`, `outcome=fail; ${FAST}`, `failures=1; type=PARSE_DOCUMENT; ${FAST}`];

    async function onNest(plan: string) {
      const created = await nestCall(nest, 'POST', PREVIEW, { body: BODY, headers: { 'x-jobtwin-job': plan } });
      expect(created.status, JSON.stringify(created.body)).toBe(202);
      const id: string = created.body.data.jobId;
      const polled: JobView[] = [];
      const deadline = Date.now() + 30_000;
      for (;;) {
        const res = await nestCall(nest, 'GET', `/api/jobs/${id}`);
        expect(res.status).toBe(200);
        polled.push(res.body);
        if (TERMINAL.has(res.body.status)) break;
        if (Date.now() > deadline) throw new Error(`job ${id} did not end: ${JSON.stringify(res.body)}`);
        await delay(15);
      }
      // the engine's own record of every change: polling may miss a short state, this does not
      const history = nest.app.get(engine!.JobsService).history(id);
      return { created: created.body, polled, history };
    }

    async function onTwin(plan: string) {
      const created = await twin.call('POST', PREVIEW, { body: BODY, token: ALICE, headers: { 'x-jobtwin-job': plan } });
      expect(created.status, created.text).toBe(202);
      const id: string = created.body.data.jobId;
      const seen: JobView[] = [];
      for (let i = 0; i < 200; i++) {
        const res = await twin.call('GET', `/api/jobs/${id}`, { token: ALICE });
        expect(res.status, res.text).toBe(200);
        seen.push(res.body);
        if (TERMINAL.has(res.body.status)) break;
        twin.advance(40);
      }
      return { created: created.body, seen };
    }

    it.each(PLANS)(
      '%s',
      async (plan) => {
        const [engine, mock] = await Promise.all([onNest(plan), onTwin(plan)]);
        const engineSteps = steps(engine.history);
        const twinSteps = steps(mock.seen);
        expect(twinSteps).toEqual(engineSteps);
        expect(inOrder(steps(engine.polled), engineSteps), `polled ${steps(engine.polled).join(' → ')}`).toBe(true);
        expect(steps(engine.polled).at(-1)).toBe(engineSteps.at(-1));
        expect(mock.created.data.status).toBe(engine.created.data.status);
        expect(mock.seen.at(-1)!.type).toBe(engine.history.at(-1)!.type);
        expect(Object.keys(mock.seen.at(-1)!)).toEqual(Object.keys(engine.polled.at(-1)!));
      },
      40_000,
    );
  });

  describe('edge requests: the same status and envelope on both', () => {
    const expired = hs256({ sub: 'alice', exp: Math.floor(T0 / 1000) - 60 });
    const badlySigned = hs256({ sub: 'alice' }, 'another-secret');
    const UNKNOWN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    interface Edge {
      name: string;
      method: string;
      path: string | ((ids: { nest: string; twin: string }) => { nest: string; twin: string });
      token?: string | null;
      body?: unknown;
      status: number;
      /** the message: the same on both, the same but for the job id, or only of the same type */
      message: 'same' | 'same but the id' | 'type';
    }
    const EDGES: Edge[] = [
      { name: 'an id that is not a uuid', method: 'GET', path: '/api/jobs/not-a-uuid', status: 400, message: 'same' },
      { name: 'a uuid ParseUUIDPipe refuses (version 0)', method: 'GET', path: '/api/jobs/00000000-0000-0000-0000-000000000001', status: 400, message: 'same' },
      { name: 'an empty body', method: 'POST', path: PREVIEW, body: {}, status: 400, message: 'same' },
      {
        name: 'a prompt over 50,000 characters',
        method: 'POST',
        path: PREVIEW,
        body: { systemPrompt: 'x'.repeat(50_001), userPromptTemplate: 'y' },
        status: 400,
        message: 'same',
      },
      {
        name: 'wrong types, nested',
        method: 'POST',
        path: PREVIEW,
        body: { systemPrompt: 1, userPromptTemplate: 'y', variables: { a: 1 }, context: { persona: 2, sources: ['a', 3] } },
        status: 400,
        message: 'same',
      },
      { name: 'a JSON array', method: 'POST', path: PREVIEW, body: [1], status: 400, message: 'same' },
      { name: 'malformed JSON', method: 'POST', path: PREVIEW, body: '{"systemPrompt": ', status: 400, message: 'type' },
      { name: 'no token', method: 'GET', path: `/api/jobs/${UNKNOWN}`, token: null, status: 401, message: 'same' },
      { name: 'no token, on create', method: 'POST', path: PREVIEW, body: BODY, token: null, status: 401, message: 'same' },
      { name: 'an expired JWT', method: 'GET', path: `/api/jobs/${UNKNOWN}`, token: expired, status: 401, message: 'same' },
      { name: 'an undecodable JWT', method: 'GET', path: `/api/jobs/${UNKNOWN}`, token: 'abc.def.ghi', status: 401, message: 'same' },
      { name: 'a JWT with a bad signature', method: 'POST', path: PREVIEW, body: BODY, token: badlySigned, status: 401, message: 'same' },
      { name: 'an opaque token (signatures checked)', method: 'GET', path: `/api/jobs/${UNKNOWN}`, token: 'alice', status: 401, message: 'same' },
      { name: 'an unknown job', method: 'GET', path: `/api/jobs/${UNKNOWN}`, status: 404, message: 'same' },
      {
        name: "another user's job",
        method: 'GET',
        path: (ids) => ({ nest: `/api/jobs/${ids.nest}`, twin: `/api/jobs/${ids.twin}` }),
        token: BOB,
        status: 404,
        message: 'same but the id',
      },
      { name: 'another method on a known path', method: 'DELETE', path: `/api/jobs/${UNKNOWN}`, status: 405, message: 'same' },
    ];
    const ids = { nest: '', twin: '' };
    beforeAll(async () => {
      ids.nest = (await nestCall(nest, 'POST', PREVIEW, { body: BODY })).body.data.jobId;
      ids.twin = (await twin.call('POST', PREVIEW, { body: BODY, token: ALICE })).body.data.jobId;
    });

    it.each(EDGES)('$name → $status', async (edge) => {
      const paths = typeof edge.path === 'string' ? { nest: edge.path, twin: edge.path } : edge.path(ids);
      const token = edge.token === undefined ? ALICE : edge.token;
      const engine = await nestCall(nest, edge.method, paths.nest, { token, body: edge.body });
      const mock = await twin.call(edge.method, paths.twin, { token, body: edge.body });
      expect(engine.status, JSON.stringify(engine.body)).toBe(edge.status);
      expect(mock.status, mock.text).toBe(edge.status);
      expect(shape(mock.body)).toBe(shape(engine.body));
      expect(shape(engine.body)).toMatch(/^statusCode,error,message,timestamp,path message:/);
      for (const key of ['statusCode', 'error']) expect(mock.body[key], key).toEqual(engine.body[key]);
      expect(mock.body.path).toBe(paths.twin);
      expect(engine.body.path).toBe(paths.nest);
      if (edge.message === 'same') expect(mock.body.message).toEqual(engine.body.message);
      if (edge.message === 'same but the id') expect(mock.body.message.replace(ids.twin, '<id>')).toBe(engine.body.message.replace(ids.nest, '<id>'));
      if (edge.status === 405) expect(mock.headers.get('allow')).toBe(engine.headers.get('allow'));
    });
  });
});
