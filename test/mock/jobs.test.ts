import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwin, T0, type Answer, type Harness } from '../helpers/twin.js';
import { Router, mountsFor } from '../../src/mock/router.js';
import { ResponseValidator } from '../../src/validation/response.js';
import { createAjv } from '../../src/validation/ajv.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNKNOWN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const PREVIEW = '/api/admin/prompts/preview';
const BODY = {
  systemPrompt: 'You are an agricultural market analyst. Answer in plain language.',
  userPromptTemplate: 'Summarise the main market risks for {{crop}} farmers in {{region}}.',
  variables: { crop: 'maize', region: 'Central Kenya' },
  context: {
    persona: 'Extension officer',
    sources: ['2025 County Agricultural Market Survey'],
    constraints: 'At most 120 words.',
    guardrails: 'No financial advice.',
  },
};
const LIMIT = 1_048_576;
const iso = (ms: number) => new Date(ms).toISOString();
const jwt = (sub: string) =>
  `${Buffer.from('{"alg":"RS256","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub, token_use: 'access' })).toString('base64url')}.c2lnbmF0dXJl`;

describe('jobs (alone, at its own paths)', () => {
  let t: Harness;
  /** the clock at the start of each test: reset keeps the clock, which only moves forward */
  let S = T0;
  beforeAll(async () => {
    t = await startTwin({ apis: ['jobs'] });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    const res = await t.control('POST', '/reset', { seed: 7 });
    expect(res.status, res.text).toBe(200);
    S = t.clock.now();
  });

  /** the NestJS envelope, with the twin's time and the request path */
  const expectEnvelope = (res: Answer, status: number, error: string, path: string) => {
    expect(res.status, res.text).toBe(status);
    expect(res.body).toEqual({ statusCode: status, error, message: expect.any(String), timestamp: iso(t.clock.now()), path });
    expect(res.body.message.length).toBeGreaterThan(0);
  };
  const create = async (plan?: string, token?: string, body: unknown = BODY) => {
    const res = await t.call('POST', PREVIEW, { body, token, headers: plan ? { 'x-jobtwin-job': plan } : {} });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toEqual({ data: { jobId: expect.stringMatching(UUID), status: 'PENDING' } });
    return res.body.data.jobId as string;
  };
  const get = (id: string, token?: string) => t.call('GET', `/api/jobs/${id}`, { token });
  const job = async (id: string, token?: string) => {
    const res = await get(id, token);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  /** the job at every second of virtual time, until `until` (both ends included) */
  const poll = async (id: string, seconds: number) => {
    const seen: any[] = [];
    for (let i = 0; i <= seconds; i++) {
      seen.push(await job(id));
      if (i < seconds) t.advance(1000);
    }
    return seen;
  };
  /** each distinct (status, attempts) once, in order */
  const steps = (bodies: any[]) => bodies.map((b) => `${b.status}:${b.attempts}`).filter((s, i, all) => i === 0 || all[i - 1] !== s);

  describe('POST /api/admin/prompts/preview', () => {
    it('answers 202 {data: {jobId, status: PENDING}} with a fresh uuid each time', async () => {
      const a = await create();
      const b = await create(undefined, undefined, { systemPrompt: '', userPromptTemplate: '' });
      expect(a).not.toBe(b);
    });

    it('answers PENDING on creation even when the job is picked up at once (queue=0s)', async () => {
      // the spec: "Answers 202 at once with the id of the new AI_PREVIEW job (PENDING)"
      const id = await create('queue=0s; run=5s');
      expect(await job(id)).toMatchObject({ status: 'PROCESSING', attempts: 1, startedAt: iso(S) });
    });

    it('accepts prompts of exactly 50,000 characters', async () => {
      await create(undefined, undefined, { systemPrompt: 'x'.repeat(50_000), userPromptTemplate: 'y'.repeat(50_000) });
    });
  });

  describe('GET /api/jobs/{id}', () => {
    it('goes PENDING → PROCESSING → COMPLETED with one attempt and consistent times', async () => {
      const id = await create('outcome=succeed; queue=1s; run=5s');
      expect(await job(id)).toEqual({
        id,
        type: 'AI_PREVIEW',
        status: 'PENDING',
        result: null,
        error: null,
        attempts: 0,
        createdAt: iso(S),
        startedAt: null,
        completedAt: null,
        updatedAt: iso(S),
      });
      t.advance(999);
      expect((await job(id)).status).toBe('PENDING');
      t.advance(1);
      expect(await job(id)).toEqual({
        id,
        type: 'AI_PREVIEW',
        status: 'PROCESSING',
        result: null,
        error: null,
        attempts: 1,
        createdAt: iso(S),
        startedAt: iso(S + 1000),
        completedAt: null,
        updatedAt: iso(S + 1000),
      });
      t.advance(2500);
      // nothing moved: updatedAt is the latest transition, not the latest poll
      expect((await job(id)).updatedAt).toBe(iso(S + 1000));
      t.advance(2500);
      const done = await job(id);
      expect(done).toEqual({
        id,
        type: 'AI_PREVIEW',
        status: 'COMPLETED',
        result: { output: expect.any(String), tokensUsed: expect.any(Number), processingTime: 5000 },
        error: null,
        attempts: 1,
        createdAt: iso(S),
        startedAt: iso(S + 1000),
        completedAt: iso(S + 6000),
        updatedAt: iso(S + 6000),
      });
      expect(done.result.output.length).toBeGreaterThan(0);
      expect(Number.isInteger(done.result.tokensUsed)).toBe(true);
      expect(done.result.tokensUsed).toBeGreaterThanOrEqual(120);
      expect(done.result.tokensUsed).toBeLessThanOrEqual(900);
      t.advance('400d');
      expect(await job(id)).toEqual(done);
    });

    it('retries after failed attempts through PENDING, counting attempts, then completes', async () => {
      const id = await create('failures=2; queue=1s; run=2s; backoff=1s');
      const bodies = await poll(id, 12);
      expect(steps(bodies)).toEqual(['PENDING:0', 'PROCESSING:1', 'PENDING:1', 'PROCESSING:2', 'PENDING:2', 'PROCESSING:3', 'COMPLETED:3']);
      const at = (s: number) => bodies[s];
      // attempt 1 at 1 s, fails at 3 s; attempt 2 at 4 s, fails at 6 s; attempt 3 at 7 s, completes at 9 s
      expect(at(1)).toMatchObject({ status: 'PROCESSING', attempts: 1, startedAt: iso(S + 1000), updatedAt: iso(S + 1000) });
      expect(at(3)).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        startedAt: iso(S + 1000),
        updatedAt: iso(S + 3000),
        error: null,
        result: null,
        completedAt: null,
      });
      expect(at(4)).toMatchObject({ status: 'PROCESSING', attempts: 2, startedAt: iso(S + 4000), updatedAt: iso(S + 4000) });
      expect(at(6)).toMatchObject({ status: 'PENDING', attempts: 2, startedAt: iso(S + 4000), updatedAt: iso(S + 6000), error: null });
      expect(at(7)).toMatchObject({ status: 'PROCESSING', attempts: 3, startedAt: iso(S + 7000), updatedAt: iso(S + 7000) });
      expect(at(9)).toEqual({
        id,
        type: 'AI_PREVIEW',
        status: 'COMPLETED',
        result: { output: expect.any(String), tokensUsed: expect.any(Number), processingTime: 2000 },
        error: null,
        attempts: 3,
        createdAt: iso(S),
        startedAt: iso(S + 7000),
        completedAt: iso(S + 9000),
        updatedAt: iso(S + 9000),
      });
      for (const b of bodies) {
        if (b.status !== 'COMPLETED') expect([b.result, b.completedAt, b.error]).toEqual([null, null, null]);
        expect(Date.parse(b.updatedAt)).toBeGreaterThanOrEqual(Date.parse(b.createdAt));
        if (b.startedAt) expect(Date.parse(b.updatedAt)).toBeGreaterThanOrEqual(Date.parse(b.startedAt));
      }
    });

    it('keeps the first queue and the retry back-off apart (queue=0s; backoff=3s)', async () => {
      // (not through create(): its PENDING check is another test's business)
      const res = await t.call('POST', PREVIEW, { body: BODY, headers: { 'x-jobtwin-job': 'failures=1; queue=0s; run=1s; backoff=3s' } });
      expect(res.status, res.text).toBe(202);
      const id = res.body.data.jobId;
      const bodies = await poll(id, 6);
      // attempt 1 starts at once, fails at 1 s, waits 3 s in PENDING, attempt 2 runs 4 s → 5 s
      expect(bodies.map((b) => `${b.status}:${b.attempts}`)).toEqual([
        'PROCESSING:1',
        'PENDING:1',
        'PENDING:1',
        'PENDING:1',
        'PROCESSING:2',
        'COMPLETED:2',
        'COMPLETED:2',
      ]);
    });

    it('fails for good after three attempts with an error, no result and completedAt set', async () => {
      const id = await create('outcome=fail; queue=1s; run=2s; backoff=1s');
      const bodies = await poll(id, 12);
      expect(steps(bodies)).toEqual(['PENDING:0', 'PROCESSING:1', 'PENDING:1', 'PROCESSING:2', 'PENDING:2', 'PROCESSING:3', 'FAILED:3']);
      const failed = bodies[9];
      expect(failed).toEqual({
        id,
        type: 'AI_PREVIEW',
        status: 'FAILED',
        result: null,
        error: expect.any(String),
        attempts: 3,
        createdAt: iso(S),
        startedAt: iso(S + 7000),
        completedAt: iso(S + 9000),
        updatedAt: iso(S + 9000),
      });
      expect(failed.error.length).toBeGreaterThan(0);
      for (const b of bodies.slice(0, 9)) expect(b.error).toBeNull();
      t.advance('400d');
      expect(await job(id)).toEqual(failed);
    });

    it('never finishes with outcome=never', async () => {
      const id = await create('outcome=never; queue=1s');
      t.advance('31d');
      expect(await job(id)).toMatchObject({ status: 'PROCESSING', attempts: 1, startedAt: iso(S + 1000), completedAt: null, result: null, error: null });
    });

    it('keeps every answer consistent across drawn plans', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push(await create());
      for (let s = 0; s < 90; s++) {
        for (const id of ids) {
          const b = await job(id);
          const created = Date.parse(b.createdAt);
          const updated = Date.parse(b.updatedAt);
          expect(updated).toBeGreaterThanOrEqual(created);
          expect(updated).toBeLessThanOrEqual(t.clock.now());
          expect(b.attempts).toBeGreaterThanOrEqual(0);
          expect(b.attempts).toBeLessThanOrEqual(3);
          expect(b.startedAt === null).toBe(b.attempts === 0);
          if (b.startedAt) {
            expect(Date.parse(b.startedAt)).toBeGreaterThanOrEqual(created);
            expect(updated).toBeGreaterThanOrEqual(Date.parse(b.startedAt));
          }
          if (b.status === 'PROCESSING') expect(b.updatedAt).toBe(b.startedAt);
          expect(b.completedAt === null).toBe(!['COMPLETED', 'FAILED'].includes(b.status));
          if (b.completedAt) expect(b.completedAt).toBe(b.updatedAt);
          expect(b.result === null).toBe(b.status !== 'COMPLETED');
          expect(b.error === null).toBe(b.status !== 'FAILED');
          if (b.status === 'FAILED') expect(b.attempts).toBe(3);
        }
        t.advance(1000);
      }
      for (const id of ids) expect(['COMPLETED', 'FAILED']).toContain((await job(id)).status);
    });

    it('takes the job type from X-Jobtwin-Job (type=PARSE_DOCUMENT)', async () => {
      const id = await create('type=PARSE_DOCUMENT; queue=1s; run=1s; outcome=succeed');
      expect(await job(id)).toMatchObject({ type: 'PARSE_DOCUMENT', status: 'PENDING' });
      t.advance(1000);
      expect(await job(id)).toMatchObject({ type: 'PARSE_DOCUMENT', status: 'PROCESSING' });
      t.advance(1000);
      expect(await job(id)).toMatchObject({ type: 'PARSE_DOCUMENT', status: 'COMPLETED', result: expect.any(Object) });
      expect((await t.control('GET', `/jobs/jobs/${id}`)).body.type).toBe('PARSE_DOCUMENT');
    });

    it('refuses a type outside the JobType enum with 400, creating nothing', async () => {
      const res = await t.call('POST', PREVIEW, { body: BODY, headers: { 'x-jobtwin-job': 'type=NOT_A_TYPE' } });
      expectEnvelope(res, 400, 'Bad Request', PREVIEW);
      expect((await t.control('GET', '/jobs?api=jobs')).body.total).toBe(0);
    });

    it('refuses a malformed X-Jobtwin-Job with 400 in the envelope', async () => {
      for (const plan of ['outcome=maybe', 'failures=two', 'queue=soon', 'bogus=1', 'outcome=partial']) {
        const res = await t.call('POST', PREVIEW, { body: BODY, headers: { 'x-jobtwin-job': plan } });
        expectEnvelope(res, 400, 'Bad Request', PREVIEW);
        expect(res.body.message, plan).toMatch(/x-jobtwin-job/i);
      }
    });
  });

  describe('control interface', () => {
    it('creates a job in a chosen state, read through the public API', async () => {
      const expected: Record<string, { attempts: number; started: boolean; completed: boolean; result: boolean; error: boolean }> = {
        PENDING: { attempts: 0, started: false, completed: false, result: false, error: false },
        PROCESSING: { attempts: 1, started: true, completed: false, result: false, error: false },
        COMPLETED: { attempts: 1, started: true, completed: true, result: true, error: false },
        FAILED: { attempts: 3, started: true, completed: true, result: false, error: true },
      };
      for (const [state, e] of Object.entries(expected)) {
        const res = await t.control('POST', '/jobs', { api: 'jobs', tenant: 'tenant-a', state });
        expect(res.status, res.text).toBe(201);
        expect(res.body).toMatchObject({ api: 'jobs', tenant: 'tenant-a', status: state });
        const b = await job(res.body.id);
        expect(b).toMatchObject({ id: res.body.id, type: 'AI_PREVIEW', status: state, attempts: e.attempts, createdAt: iso(S), updatedAt: iso(S) });
        expect(b.startedAt).toBe(e.started ? iso(S) : null);
        expect(b.completedAt).toBe(e.completed ? iso(S) : null);
        expect(b.result !== null).toBe(e.result);
        expect(b.error !== null).toBe(e.error);
        if (e.result) expect(b.result).toEqual({ output: expect.any(String), tokensUsed: expect.any(Number), processingTime: expect.any(Number) });
        // only the owner sees it
        expect((await get(res.body.id, 'tenant-b')).status).toBe(404);
      }
    });

    it('creates the types the public API cannot, and goes on from the chosen state', async () => {
      const res = await t.control('POST', '/jobs', {
        api: 'jobs',
        tenant: 'tenant-a',
        state: 'PROCESSING',
        type: 'RISK_ANALYSIS',
        outcome: 'succeed',
        durations: { run: '4s' },
      });
      expect(res.status, res.text).toBe(201);
      const id = res.body.id;
      expect(await job(id)).toMatchObject({ type: 'RISK_ANALYSIS', status: 'PROCESSING', attempts: 1 });
      t.advance(4000);
      expect(await job(id)).toMatchObject({ type: 'RISK_ANALYSIS', status: 'COMPLETED', attempts: 1, completedAt: iso(S + 4000), updatedAt: iso(S + 4000) });
    });

    it('refuses a type outside the JobType enum (400), which no answer could carry', async () => {
      const res = await t.control('POST', '/jobs', { api: 'jobs', tenant: 'tenant-a', type: 'NOT_A_TYPE' });
      expect(res.status, res.text).toBe(400);
      expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.stringMatching(/type/) } });
      expect((await t.control('GET', '/jobs?api=jobs')).body.total).toBe(0);
    });

    it('moves a job through a declared transition', async () => {
      const id = await create('queue=1h');
      const res = await t.control('POST', `/jobs/jobs/${id}/transition`, { to: 'PROCESSING' });
      expect(res.status, res.text).toBe(200);
      expect(await job(id)).toMatchObject({ status: 'PROCESSING', attempts: 1, startedAt: iso(S), updatedAt: iso(S) });
      // no public cancel and no cancelled state: the control interface has nothing to cancel to
      expect((await t.control('POST', `/jobs/jobs/${id}/cancel`)).status).toBe(409);
    });
  });

  describe('errors', () => {
    it('answers 400 in the envelope for a malformed uuid', async () => {
      const res = await get('not-a-uuid');
      expectEnvelope(res, 400, 'Bad Request', '/api/jobs/not-a-uuid');
      expect(res.body.message).toBe('Validation failed (uuid is expected)');
    });

    it("answers 400 in the envelope for a body that breaks the schema, with ValidationPipe's messages, creating nothing", async () => {
      // errors.validationStyle: nestjs: `message` is the array of class-validator messages NestJS's
      // ValidationPipe sends (measured on the NestJS app in test/engines/jobs-nestjs)
      const bad = async (body: unknown, expected: string[] | 'string', contentType = 'application/json') => {
        const res = await t.call('POST', PREVIEW, { body, headers: { 'content-type': contentType } });
        expect(res.status, res.text).toBe(400);
        expect(res.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: expected === 'string' ? expect.any(String) : expected,
          timestamp: iso(t.clock.now()),
          path: PREVIEW,
        });
        return res;
      };
      const both = (name: string) => [`${name} must be shorter than or equal to 50000 characters`, `${name} must be a string`];
      await bad({ ...BODY, systemPrompt: 'x'.repeat(50_001) }, ['systemPrompt must be shorter than or equal to 50000 characters']);
      await bad({ ...BODY, userPromptTemplate: 'x'.repeat(50_001) }, ['userPromptTemplate must be shorter than or equal to 50000 characters']);
      await bad({ systemPrompt: 'hi' }, both('userPromptTemplate'));
      await bad({ userPromptTemplate: 'hi' }, both('systemPrompt'));
      await bad({ ...BODY, systemPrompt: 42 }, both('systemPrompt'));
      await bad({ ...BODY, variables: { crop: 1 } }, ['each value in variables must be a string']);
      await bad({ ...BODY, variables: null }, ['each value in variables must be a string', 'variables must be an object']);
      await bad({ ...BODY, context: { persona: 3, sources: ['a', 2] } }, [
        'context.persona must be a string',
        'context.each value in sources must be a string',
      ]);
      await bad({ ...BODY, context: 'x' }, ['context must be an object', 'nested property context must be either object or array']);
      await bad({ ...BODY, context: { sources: 7 } }, ['context.each value in sources must be a string', 'context.sources must be an array']);
      // not JSON: the parser's message, a string, as Nest's body parser answers
      await bad('{"systemPrompt": "hi", "userPromptTemplate": ', 'string');
      // another content type, a JSON array, no body: Nest validates an empty body
      await bad('systemPrompt=hi&userPromptTemplate=there', [...both('systemPrompt'), ...both('userPromptTemplate')], 'application/x-www-form-urlencoded');
      await bad([1], [...both('systemPrompt'), ...both('userPromptTemplate')]);
      const none = await t.call('POST', PREVIEW, {});
      expect(none.body.message).toEqual([...both('systemPrompt'), ...both('userPromptTemplate')]);
      expect((await t.control('GET', '/jobs?api=jobs')).body.total).toBe(0);
    });

    it('answers 401 in the envelope without a bearer token, on both operations', async () => {
      const a = await t.call('POST', PREVIEW, { body: BODY, token: null });
      expectEnvelope(a, 401, 'Unauthorized', PREVIEW);
      expect(a.body.message).toBe('Unauthorized');
      const b = await t.call('GET', `/api/jobs/${UNKNOWN}`, { token: null });
      expectEnvelope(b, 401, 'Unauthorized', `/api/jobs/${UNKNOWN}`);
      const basic = await t.call('GET', `/api/jobs/${UNKNOWN}`, { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      expectEnvelope(basic, 401, 'Unauthorized', `/api/jobs/${UNKNOWN}`);
      // auth comes before validation: a bad id without a token is 401, not 400
      expect((await t.call('GET', '/api/jobs/not-a-uuid', { token: null })).status).toBe(401);
      expect((await t.control('GET', '/jobs?api=jobs')).body.total).toBe(0);
    });

    it('answers 404 in the envelope for an unknown job', async () => {
      t.advance(1234);
      const res = await get(UNKNOWN);
      expectEnvelope(res, 404, 'Not Found', `/api/jobs/${UNKNOWN}`);
      expect(res.body.message).toBe(`Job ${UNKNOWN} not found`);
    });

    it("answers another user's job exactly as an unknown one (all but the timestamp)", async () => {
      const id = await create(undefined, jwt('alice'));
      const other = await get(id, jwt('bob'));
      expectEnvelope(other, 404, 'Not Found', `/api/jobs/${id}`);
      // the same id once it is unknown
      expect((await t.control('DELETE', `/jobs/jobs/${id}`)).status).toBe(204);
      t.advance(1000);
      const unknown = await get(id, jwt('bob'));
      expect(unknown.status).toBe(404);
      const { timestamp: t1, ...a } = other.body;
      const { timestamp: t2, ...b } = unknown.body;
      expect(a).toEqual(b);
      expect(t1).not.toBe(t2);
      expect(other.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
    });

    it('answers 413 in the envelope to a declared Content-Length over 1 MiB, at once', async () => {
      const answer = await new Promise<{ status: number; contentType: string; text: string }>((resolve, reject) => {
        const req = httpRequest(`${t.url}${PREVIEW}`, {
          method: 'POST',
          headers: { authorization: 'Bearer tenant-a', 'content-type': 'application/json', 'content-length': String(LIMIT + 1) },
        });
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), text });
            req.destroy();
          });
        });
        req.on('error', reject);
        // The rest of the body never comes: an answer at all shows the twin did not wait for it.
        req.setTimeout(20_000, () => reject(new Error('no answer within 20 s: the twin waits for the body')));
        req.write('{"systemPrompt": "');
        // never write the rest
      });
      expect(answer.status).toBe(413);
      const body = JSON.parse(answer.text);
      expect(body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: `Request body is larger than ${LIMIT} bytes`,
        timestamp: iso(t.clock.now()),
        path: PREVIEW,
      });
      // 413 is documented for the operation: check it as t.call would
      const match = new Router(mountsFor(t.twin.apiList())).match('POST', PREVIEW);
      expect(match.kind).toBe('operation');
      if (match.kind === 'operation') expect(new ResponseValidator(createAjv()).check(match.op, answer.status, answer.contentType, body)).toEqual({ ok: true });
      expect((await t.control('GET', '/jobs?api=jobs')).body.total).toBe(0);
      // the twin still answers
      await create();
    });

    it('answers 413 to a body over 1 MiB sent in full', async () => {
      const body = JSON.stringify({ ...BODY, systemPrompt: 'x'.repeat(LIMIT) });
      let res: Answer;
      try {
        res = await t.call('POST', PREVIEW, { body });
      } catch (error) {
        // the twin may close the connection before the client has written everything
        expect(String((error as Error).cause ?? error)).toMatch(/EPIPE|ECONNRESET|other side closed|socket/i);
        return;
      }
      expectEnvelope(res, 413, 'Payload Too Large', PREVIEW);
      expect((await t.control('GET', '/jobs?api=jobs')).body.total).toBe(0);
    });

    it('answers 405 with Allow for an undocumented method, 404 for an unknown path, both in the envelope', async () => {
      const put = await t.call('PUT', `/api/jobs/${UNKNOWN}`, { body: {}, unchecked: true });
      expect(put.status).toBe(405);
      expect(put.headers.get('allow')).toBe('GET');
      expect(put.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed', path: `/api/jobs/${UNKNOWN}` });
      const getPreview = await t.call('GET', PREVIEW, { unchecked: true });
      expect(getPreview.status).toBe(405);
      expect(getPreview.headers.get('allow')).toBe('POST');
      const unknown = await t.call('GET', '/api/jobs', { unchecked: true });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({
        statusCode: 404,
        error: 'Not Found',
        message: expect.any(String),
        timestamp: expect.any(String),
        path: '/api/jobs',
      });
    });
  });

  describe('tenants', () => {
    it('scopes jobs to the JWT sub claim', async () => {
      const id = await create(undefined, jwt('alice'));
      expect((await get(id, jwt('alice'))).status).toBe(200);
      // another token with the same sub is the same user
      const again = `${jwt('alice').split('.').slice(0, 2).join('.')}.b3RoZXItc2ln`;
      expect((await get(id, again)).status).toBe(200);
      expect((await get(id, jwt('bob'))).status).toBe(404);
      expect((await get(id, 'bob')).status).toBe(404);
      const mine = await create(undefined, jwt('bob'));
      expect((await get(mine, jwt('bob'))).status).toBe(200);
      expect((await get(mine, jwt('alice'))).status).toBe(404);
      const list = await t.control('GET', '/jobs?api=jobs&tenant=alice');
      expect(list.body.jobs.map((j: any) => j.id)).toEqual([id]);
    });
  });

  describe('determinism', () => {
    it('gives the same ids and plans for the same seed after reset', async () => {
      const run = async () => {
        const ids = [await create(), await create(undefined, jwt('bob')), await create()];
        const timelines = [];
        for (const id of ids) timelines.push((await t.control('GET', `/jobs/jobs/${id}`)).body.timeline);
        return { ids, timelines };
      };
      const first = await run();
      await t.control('POST', '/reset', { seed: 7 });
      expect((await t.control('GET', '/jobs?api=jobs')).body.total).toBe(0);
      expect(await run()).toEqual(first);
      await t.control('POST', '/reset', { seed: 8 });
      expect(await create()).not.toBe(first.ids[0]);
    });
  });
});
