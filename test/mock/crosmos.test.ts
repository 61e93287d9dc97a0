import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwin, T0, type Answer, type Harness } from '../helpers/twin.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SPACE = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const UNKNOWN = '0896fc61-2615-4e52-8b01-c0a4d850ade2';
const BODY = {
  space_id: SPACE,
  sources: [
    {
      content: 'I prefer window seats and always fly with Lufthansa when I can.',
      content_type: 'conversation',
      role: 'user',
      sequence: 0,
      meta: { session_id: 'sess_42' },
    },
    { content: '# Travel policy\n\nEconomy class for flights under 6 hours.', content_type: 'markdown' },
    { content: 'plain text, default content_type' },
  ],
};
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** a 422 HTTPValidationError whose details include one at `loc` */
function expect422(res: Answer, loc?: (string | number)[]): void {
  expect(res.status, res.text).toBe(422);
  expect(Object.keys(res.body)).toEqual(['detail']);
  expect(Array.isArray(res.body.detail)).toBe(true);
  expect(res.body.detail.length).toBeGreaterThan(0);
  for (const d of res.body.detail) {
    expect(d).toMatchObject({ loc: expect.any(Array), msg: expect.any(String), type: expect.any(String) });
    expect(d.msg.length).toBeGreaterThan(0);
  }
  if (loc)
    expect(
      res.body.detail.map((d: any) => d.loc),
      res.text,
    ).toContainEqual(loc);
}

describe('crosmos (alone, at its own paths)', () => {
  let t: Harness;
  /** the clock at the start of each test: reset keeps the clock, which only moves forward */
  let S = T0;
  beforeAll(async () => {
    t = await startTwin({ apis: ['crosmos'] });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    const res = await t.control('POST', '/reset', { seed: 7 });
    expect(res.status, res.text).toBe(200);
    S = t.clock.now();
  });

  const create = async (plan?: string, options: { token?: string; body?: unknown } = {}) => {
    const body = (options.body ?? BODY) as typeof BODY;
    const res = await t.call('POST', '/api/v1/sources', { body, token: options.token, headers: plan ? { 'x-jobtwin-job': plan } : {} });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toEqual({ job_id: expect.stringMatching(UUID), source_ids: expect.any(Array), status: 'pending' });
    expect(res.body.source_ids).toHaveLength(body.sources.length);
    for (const id of res.body.source_ids) expect(id).toMatch(UUID);
    expect(new Set(res.body.source_ids).size).toBe(body.sources.length);
    return res.body as { job_id: string; source_ids: string[]; status: string };
  };
  const status = (id: string, token?: string) => t.call('GET', `/api/v1/jobs/${id}`, { token });
  const state = async (id: string) => {
    const res = await status(id);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  /** polls every second of virtual time and keeps each distinct state once, in order */
  const walk = async (id: string, until: string[], maxSeconds = 300) => {
    const seen: string[] = [];
    for (let i = 0; i < maxSeconds; i++) {
      const body = await state(id);
      if (seen[seen.length - 1] !== body.status) seen.push(body.status);
      if (until.includes(body.status)) return { seen, body };
      t.advance(1000);
    }
    throw new Error(`job ${id} did not reach ${until.join('|')} in ${maxSeconds}s: ${seen.join(' → ')}`);
  };
  const cancel = (id: string) => t.control('POST', `/jobs/crosmos/${id}/cancel`);

  describe('POST /api/v1/sources', () => {
    it('answers 202 with a job id, one source id per source, and status pending', async () => {
      const one = await create(undefined, { body: { space_id: SPACE, sources: [{ content: 'hi' }] } });
      expect(one.source_ids).toHaveLength(1);
      const three = await create();
      expect(three.source_ids).toHaveLength(3);
      expect(three.job_id).not.toBe(one.job_id);
      expect(three.source_ids).not.toContain(one.source_ids[0]);
    });

    it('accepts exactly 100 sources', async () => {
      const sources = Array.from({ length: 100 }, (_, i) => ({ content: `source ${i}` }));
      const created = await create('queue=0s; run=1s; outcome=succeed', { body: { space_id: SPACE, sources } });
      expect(created.source_ids).toHaveLength(100);
      const body = await state(created.job_id);
      expect(body.source_ids).toHaveLength(100);
    });

    it('rejects a malformed X-Jobtwin-Job header with 422', async () => {
      const res = await t.call('POST', '/api/v1/sources', { body: BODY, headers: { 'x-jobtwin-job': 'outcome=maybe' } });
      expect422(res);
    });
  });

  describe('GET /api/v1/jobs/{job_id}', () => {
    it('goes pending → processing → completed with timestamps that agree', async () => {
      const { job_id } = await create('outcome=succeed; queue=1s; run=5s');
      let body = await state(job_id);
      expect(body).toEqual({
        job_id,
        status: 'pending',
        source_ids: expect.any(Array),
        result: null,
        error_message: null,
        created_at: iso(S),
        started_at: null,
        completed_at: null,
      });
      // source ids on the status are integers, one per source (as in the vendor's page)
      expect(body.source_ids).toHaveLength(3);
      for (const n of body.source_ids) expect(Number.isInteger(n)).toBe(true);
      expect(new Set(body.source_ids).size).toBe(3);
      const numbers = body.source_ids;

      t.advance(999);
      expect((await state(job_id)).status).toBe('pending');
      t.advance(1);
      body = await state(job_id);
      expect(body).toEqual({
        job_id,
        status: 'processing',
        source_ids: numbers,
        result: null,
        error_message: null,
        created_at: iso(S),
        started_at: iso(S + 1000),
        completed_at: null,
      });

      t.advance(5000);
      body = await state(job_id);
      expect(body).toEqual({
        job_id,
        status: 'completed',
        source_ids: numbers,
        result: { sources_processed: 3, chunks_created: expect.any(Number), memories_extracted: expect.any(Number) },
        error_message: null,
        created_at: iso(S),
        started_at: iso(S + 1000),
        completed_at: iso(S + 6000),
      });
      expect(Number.isInteger(body.result.chunks_created)).toBe(true);
      expect(body.result.chunks_created).toBeGreaterThanOrEqual(1);
      expect(body.result.chunks_created).toBeLessThanOrEqual(40);
      expect(Number.isInteger(body.result.memories_extracted)).toBe(true);
      expect(body.result.memories_extracted).toBeGreaterThanOrEqual(0);
      expect(body.result.memories_extracted).toBeLessThanOrEqual(25);

      // terminal: nothing changes afterwards
      t.advance('10d');
      expect(await state(job_id)).toEqual(body);
    });

    it('keeps created_at ≤ started_at ≤ completed_at in every state of drawn plans', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push((await create()).job_id);
      for (let s = 0; s < 60; s++) {
        for (const id of ids) {
          const body = await state(id);
          expect(body.created_at).toMatch(ISO);
          const created = Date.parse(body.created_at);
          const started = body.started_at === null ? null : Date.parse(body.started_at);
          const completed = body.completed_at === null ? null : Date.parse(body.completed_at);
          if (body.status === 'pending') expect([started, completed]).toEqual([null, null]);
          if (body.status === 'processing') {
            expect(started).not.toBeNull();
            expect(completed).toBeNull();
          }
          if (['completed', 'partial', 'failed'].includes(body.status)) {
            expect(started).not.toBeNull();
            expect(completed).not.toBeNull();
          }
          if (started !== null) expect(started).toBeGreaterThanOrEqual(created);
          if (completed !== null) expect(completed).toBeGreaterThanOrEqual(started!);
          if (started !== null) expect(started).toBeLessThanOrEqual(t.clock.now());
          if (completed !== null) expect(completed).toBeLessThanOrEqual(t.clock.now());
          expect(body.result === null).toBe(!['completed', 'partial'].includes(body.status));
          expect(body.error_message === null).toBe(body.status !== 'failed');
        }
        t.advance(1000);
      }
      // the drawn plans (0.5–3 s pending, 3–20 s processing, no retries) end within a minute
      for (const id of ids) expect(['completed', 'partial', 'failed']).toContain((await state(id)).status);
    });

    it('ends partial with a result naming the failed sources', async () => {
      const created = await create('outcome=partial; queue=1s; run=2s');
      const { seen, body } = await walk(created.job_id, ['completed', 'partial', 'failed']);
      expect(seen).toEqual(['pending', 'processing', 'partial']);
      expect(body).toMatchObject({ status: 'partial', error_message: null, started_at: iso(S + 1000), completed_at: iso(S + 3000) });
      expect(body.result).toMatchObject({ sources_processed: 3, failed_source_ids: expect.any(Array), errors: expect.any(Array) });
      expect(body.result.failed_source_ids.length).toBeGreaterThan(0);
      for (const failed of body.result.failed_source_ids) expect(created.source_ids).toContain(failed);
      expect(body.result.errors.length).toBeGreaterThan(0);
      for (const e of body.result.errors) {
        expect(created.source_ids).toContain(e.source_id);
        expect(e.error).toEqual(expect.any(String));
      }
    });

    it('ends failed with an error message and no result, after one processing only', async () => {
      const { job_id } = await create('outcome=fail; queue=1s; run=2s; backoff=1s');
      const { seen, body } = await walk(job_id, ['completed', 'partial', 'failed']);
      expect(seen).toEqual(['pending', 'processing', 'failed']);
      expect(body).toEqual({
        job_id,
        status: 'failed',
        source_ids: expect.any(Array),
        result: null,
        error_message: expect.any(String),
        created_at: iso(S),
        started_at: iso(S + 1000),
        completed_at: iso(S + 3000),
      });
      expect(body.error_message.length).toBeGreaterThan(0);
      t.advance('1h');
      expect(await state(job_id)).toEqual(body);
    });

    it('shows no retries: failures=N processes once, and no attempts are ever visible', async () => {
      const { job_id } = await create('failures=2; queue=1s; run=2s; backoff=1s');
      const bodies: any[] = [];
      for (let i = 0; i < 30; i++) {
        bodies.push(await state(job_id));
        t.advance(1000);
      }
      const seen = bodies.map((b) => b.status).filter((s, i, all) => i === 0 || all[i - 1] !== s);
      expect(seen).toEqual(['pending', 'processing', 'failed']);
      for (const b of bodies) {
        expect(Object.keys(b).sort()).toEqual(['completed_at', 'created_at', 'error_message', 'job_id', 'result', 'source_ids', 'started_at', 'status']);
      }
      // started_at never moves once set: one processing
      expect(new Set(bodies.map((b) => b.started_at).filter((s) => s !== null)).size).toBe(1);
    });

    it('never leaves processing with outcome=never', async () => {
      const { job_id } = await create('outcome=never; queue=1s; run=2s');
      t.advance('30d');
      const body = await state(job_id);
      expect(body).toMatchObject({ status: 'processing', started_at: iso(S + 1000), completed_at: null, result: null, error_message: null });
    });
  });

  describe('cancel (control interface only)', () => {
    it('has no public cancel: DELETE on the job path is 405', async () => {
      const { job_id } = await create('queue=10s');
      const res = await t.call('DELETE', `/api/v1/jobs/${job_id}`, { unchecked: true });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
      expect((await state(job_id)).status).toBe('pending');
    });

    it('cancels a pending job: status cancelled, terminal, completed_at set, started_at null', async () => {
      const { job_id } = await create('queue=10s; run=5s; outcome=succeed');
      t.advance(2000);
      const res = await cancel(job_id);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ cancelled: true, removed: false });
      const body = await state(job_id);
      expect(body).toEqual({
        job_id,
        status: 'cancelled',
        source_ids: expect.any(Array),
        result: null,
        error_message: null,
        created_at: iso(S),
        started_at: null,
        completed_at: iso(S + 2000),
      });
      // terminal: the drawn plan does not resume
      t.advance('1h');
      expect(await state(job_id)).toEqual(body);
      expect((await cancel(job_id)).status).toBe(409);
      expect((await t.control('POST', `/jobs/crosmos/${job_id}/transition`, { to: 'processing' })).status).toBe(409);
      expect(await state(job_id)).toEqual(body);
    });

    it('cancels a processing job, keeping its started_at', async () => {
      const { job_id } = await create('queue=1s; run=10s; outcome=succeed');
      t.advance(3000);
      expect((await state(job_id)).status).toBe('processing');
      expect((await cancel(job_id)).status).toBe(200);
      const body = await state(job_id);
      expect(body).toMatchObject({ status: 'cancelled', started_at: iso(S + 1000), completed_at: iso(S + 3000), result: null, error_message: null });
      t.advance('1m');
      expect((await state(job_id)).status).toBe('cancelled');
    });

    it('refuses to cancel a finished job (409) and leaves it as it was', async () => {
      const { job_id } = await create('queue=0s; run=1s; outcome=succeed');
      t.advance('1m');
      const before = await state(job_id);
      expect(before.status).toBe('completed');
      const res = await cancel(job_id);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      expect(await state(job_id)).toEqual(before);
    });

    it('creates jobs in a chosen state through the control interface, readable through the API', async () => {
      for (const s of ['pending', 'processing', 'completed', 'partial', 'failed', 'cancelled']) {
        const res = await t.control('POST', '/jobs', { api: 'crosmos', tenant: 'tenant-a', state: s, input: BODY });
        expect(res.status, res.text).toBe(201);
        const id = res.body.id ?? res.body.job?.id;
        expect(id).toMatch(UUID);
        const body = await state(id);
        expect(body.status).toBe(s);
        expect(body.source_ids).toHaveLength(3);
        expect(body.error_message === null).toBe(s !== 'failed');
        expect(body.result === null).toBe(!['completed', 'partial'].includes(s));
        expect(body.completed_at === null).toBe(['pending', 'processing'].includes(s));
      }
    });
  });

  describe('retention', () => {
    it('removes a terminal job 90 days after created_at', async () => {
      const { job_id } = await create('queue=0s; run=1s; outcome=succeed');
      t.advance('89d');
      expect((await state(job_id)).status).toBe('completed');
      t.advance('2d');
      const res = await status(job_id);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: `Job ${job_id} not found` });
    });

    it('counts the 90 days from created_at, not from completion', async () => {
      const { job_id } = await create('queue=0s; run=10d; outcome=succeed');
      t.advance('89d');
      expect((await state(job_id)).status).toBe('completed');
      t.advance(DAY - 1);
      expect((await state(job_id)).status).toBe('completed');
      t.advance(1);
      expect((await status(job_id)).status).toBe(404);
    });

    it('removes failed, partial and cancelled jobs too', async () => {
      const failed = (await create('queue=0s; run=1s; outcome=fail')).job_id;
      const partial = (await create('queue=0s; run=1s; outcome=partial')).job_id;
      const cancelled = (await create('queue=1h')).job_id;
      expect((await cancel(cancelled)).status).toBe(200);
      t.advance('89d');
      expect((await state(failed)).status).toBe('failed');
      expect((await state(partial)).status).toBe('partial');
      expect((await state(cancelled)).status).toBe('cancelled');
      t.advance('2d');
      for (const id of [failed, partial, cancelled]) expect((await status(id)).status).toBe(404);
    });

    it('keeps a job that never finishes past 90 days', async () => {
      const never = (await create('outcome=never; queue=1s; run=1s')).job_id;
      const queued = (await create('queue=400d')).job_id;
      t.advance('91d');
      expect((await state(never)).status).toBe('processing');
      expect((await state(queued)).status).toBe('pending');
      t.advance('300d');
      expect((await state(never)).status).toBe('processing');
      // it finishes at day 400, and is then older than 90 days: gone
      t.advance('10d');
      expect((await status(queued)).status).toBe(404);
    });

    it('drops expired jobs from the control interface too', async () => {
      const { job_id } = await create('queue=0s; run=1s; outcome=succeed');
      t.advance('91d');
      expect((await t.control('GET', `/jobs/crosmos/${job_id}`)).status).toBe(404);
      const list = await t.control('GET', '/jobs?api=crosmos');
      expect(list.body.jobs.map((j: any) => j.id)).not.toContain(job_id);
    });
  });

  describe('errors', () => {
    it('answers 404 {detail: "Job <id> not found"} for an unknown job', async () => {
      const res = await status(UNKNOWN);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: `Job ${UNKNOWN} not found` });
    });

    it("answers another tenant's job exactly as an unknown one", async () => {
      const { job_id } = await create();
      const other = await status(job_id, 'tenant-b');
      expect(other.status).toBe(404);
      expect(other.body).toEqual({ detail: `Job ${job_id} not found` });
      const unknown = await status(UNKNOWN, 'tenant-b');
      expect(other.body.detail.replace(job_id, UNKNOWN)).toBe(unknown.body.detail);
      expect(other.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
      expect((await status(job_id)).status).toBe(200);
    });

    it('takes the tenant from a JWT sub claim', async () => {
      const jwt = (sub: string) => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.sig`;
      const { job_id } = await create(undefined, { token: jwt('alice') });
      expect((await status(job_id, jwt('alice'))).status).toBe(200);
      expect((await status(job_id, 'alice')).status).toBe(200);
      expect((await status(job_id, jwt('bob'))).status).toBe(404);
    });

    it('answers 401 {detail} without a bearer token, on both operations', async () => {
      for (const res of [
        await status(UNKNOWN, null as unknown as string),
        await t.call('POST', '/api/v1/sources', { body: BODY, token: null }),
        await t.call('GET', `/api/v1/jobs/${UNKNOWN}`, { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
        await t.call('GET', `/api/v1/jobs/${UNKNOWN}`, { token: null, headers: { authorization: 'Bearer' } }),
      ]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ detail: expect.any(String) });
      }
      // no job was created by the refused POST
      expect((await t.control('GET', '/jobs?api=crosmos')).body.total).toBe(0);
    });

    it('answers 422 for a malformed job id', async () => {
      const res = await status('not-a-uuid');
      expect422(res, ['path', 'job_id']);
      expect(res.body.detail[0].type).toBe('uuid_parsing');
    });

    it('answers 422 for a body that breaks the schema', async () => {
      const post = (body: unknown) => t.call('POST', '/api/v1/sources', { body });
      expect422(await post({ sources: [{ content: 'hi' }] }), ['body', 'space_id']);
      expect422(await post({ space_id: 'not-a-uuid', sources: [{ content: 'hi' }] }), ['body', 'space_id']);
      expect422(await post({ space_id: SPACE }), ['body', 'sources']);
      expect422(await post({ space_id: SPACE, sources: [] }), ['body', 'sources']);
      expect422(await post({ space_id: SPACE, sources: Array.from({ length: 101 }, (_, i) => ({ content: `s${i}` })) }), ['body', 'sources']);
      expect422(await post({ space_id: SPACE, sources: [{ content: 'hi', content_type: 'docx' }] }), ['body', 'sources', 0, 'content_type']);
      expect422(await post({ space_id: SPACE, sources: [{ content_type: 'text' }] }), ['body', 'sources', 0, 'content']);
      expect422(await post({ space_id: SPACE, sources: [{ content: 'hi', sequence: 'first' }] }), ['body', 'sources', 0, 'sequence']);
      expect422(await post([]));
      // none of them created a job
      expect((await t.control('GET', '/jobs?api=crosmos')).body.total).toBe(0);
    });

    it('answers 422 for malformed JSON, a wrong content type and a missing body', async () => {
      const malformed = await t.call('POST', '/api/v1/sources', { body: '{"space_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "sources": [' });
      expect422(malformed);
      expect(malformed.body.detail[0].loc[0]).toBe('body');
      expect422(await t.call('POST', '/api/v1/sources', { body: 'space_id=x', headers: { 'content-type': 'text/plain' } }));
      expect422(await t.call('POST', '/api/v1/sources', { body: `space_id=${SPACE}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
      expect422(await t.call('POST', '/api/v1/sources', {}));
      expect((await t.control('GET', '/jobs?api=crosmos')).body.total).toBe(0);
    });

    it('answers 405 with Allow for an undocumented method, and 404 for an unknown path', async () => {
      const put = await t.call('PUT', `/api/v1/jobs/${UNKNOWN}`, { body: {}, unchecked: true });
      expect(put.status).toBe(405);
      expect(put.headers.get('allow')).toBe('GET');
      expect(put.body).toEqual({ detail: expect.any(String) });
      const get = await t.call('GET', '/api/v1/sources', { unchecked: true });
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      const unknown = await t.call('GET', '/api/v1/spaces', { unchecked: true });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ detail: expect.any(String) });
      expect((await t.call('GET', `/crosmos/api/v1/jobs/${UNKNOWN}`, { unchecked: true })).status).toBe(404);
    });

    it('words route-level 404 and 405 with the messages the spec declares (as FastAPI does)', async () => {
      // x-jobtwin.errors.messages: notFound "Not Found", methodNotAllowed "Method Not Allowed";
      // Starlette answers exactly {"detail": "Not Found"} and {"detail": "Method Not Allowed"}.
      const put = await t.call('PUT', `/api/v1/jobs/${UNKNOWN}`, { body: {}, unchecked: true });
      expect(put.body).toEqual({ detail: 'Method Not Allowed' });
      const unknown = await t.call('GET', '/api/v1/spaces', { unchecked: true });
      expect(unknown.body).toEqual({ detail: 'Not Found' });
    });

    it('finds a job by its uuid in any letter case (job_id is a UUID, not a string)', async () => {
      const { job_id } = await create();
      const res = await status(job_id.toUpperCase());
      expect(res.status, res.text).toBe(200);
      expect(res.body.job_id).toBe(job_id);
    });

    it('answers a large body (100 sources of 20 kB) only with a status the spec documents', async () => {
      const sources = Array.from({ length: 100 }, (_, i) => ({ content: `${i} `.padEnd(20_000, 'x') }));
      // t.call throws when the status is not documented for the operation (202, 401, 422)
      const res = await t.call('POST', '/api/v1/sources', { body: { space_id: SPACE, sources } });
      expect([202, 413]).toContain(res.status);
    });

    it('words 422 items as FastAPI on pydantic 2 does: type, loc, msg, input and ctx', async () => {
      const post = async (body: unknown) => (await t.call('POST', '/api/v1/sources', { body })).body.detail;
      expect(await post({ sources: [{ content: 'hi' }] })).toEqual([
        { type: 'missing', loc: ['body', 'space_id'], msg: 'Field required', input: { sources: [{ content: 'hi' }] } },
      ]);
      expect(await post({ space_id: SPACE, sources: [] })).toEqual([
        {
          type: 'too_short',
          loc: ['body', 'sources'],
          msg: 'List should have at least 1 item after validation, not 0',
          input: [],
          ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
        },
      ]);
      expect(await post({ space_id: 5, sources: [{ content: 7, content_type: 'docx', sequence: 1.5, meta: 'm' }] })).toEqual([
        { type: 'uuid_type', loc: ['body', 'space_id'], msg: 'UUID input should be a string, bytes or UUID object', input: 5 },
        { type: 'string_type', loc: ['body', 'sources', 0, 'content'], msg: 'Input should be a valid string', input: 7 },
        {
          type: 'enum',
          loc: ['body', 'sources', 0, 'content_type'],
          msg: "Input should be 'text', 'markdown', 'conversation', 'html', 'json', 'pdf', 'image', 'audio' or 'video'",
          input: 'docx',
          ctx: { expected: "'text', 'markdown', 'conversation', 'html', 'json', 'pdf', 'image', 'audio' or 'video'" },
        },
        {
          type: 'int_from_float',
          loc: ['body', 'sources', 0, 'sequence'],
          msg: 'Input should be a valid integer, got a number with a fractional part',
          input: 1.5,
        },
        { type: 'dict_type', loc: ['body', 'sources', 0, 'meta'], msg: 'Input should be a valid dictionary', input: 'm' },
      ]);
      expect(await post([])).toEqual([
        { type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: [] },
      ]);
      const malformed = await t.call('POST', '/api/v1/sources', { body: '{space_id: 1}' });
      expect(malformed.body.detail).toEqual([
        { type: 'json_invalid', loc: ['body', 1], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting property name enclosed in double quotes' } },
      ]);
      const error = 'invalid group length in group 4: expected 12, found 11';
      expect((await status(UNKNOWN.slice(0, -1))).body.detail).toEqual([
        { type: 'uuid_parsing', loc: ['path', 'job_id'], msg: `Input should be a valid UUID, ${error}`, input: UNKNOWN.slice(0, -1), ctx: { error } },
      ]);
    });

    it('accepts null for every optional source field (Optional[T] = None)', async () => {
      await create(undefined, { body: { space_id: SPACE, sources: [{ content: 'hi', role: null, sequence: null, meta: null }] } });
    });

    it('reads every spelling pydantic takes for a UUID as the same job, and names an unknown one as Python writes it', async () => {
      const { job_id } = await create();
      for (const spelling of [job_id.toUpperCase(), job_id.replace(/-/g, ''), `{${job_id}}`, `urn:uuid:${job_id}`]) {
        const res = await status(encodeURIComponent(spelling));
        expect([spelling, res.status, res.body.job_id]).toEqual([spelling, 200, job_id]);
      }
      const space = await t.call('POST', '/api/v1/sources', { body: { ...BODY, space_id: `urn:uuid:${SPACE}` } });
      expect(space.status, space.text).toBe(202);
      const unknown = await status(`urn:uuid:${UNKNOWN.toUpperCase()}`);
      expect([unknown.status, unknown.body]).toEqual([404, { detail: `Job ${UNKNOWN} not found` }]);
    });

    it('redirects a trailing slash with 307 to the path without it, before authentication (Starlette)', async () => {
      const res = await fetch(`${t.url}/api/v1/jobs/${UNKNOWN}/?verbose=1`, { redirect: 'manual' });
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toBe(`${t.url}/api/v1/jobs/${UNKNOWN}?verbose=1`);
      const post = await fetch(`${t.url}/api/v1/sources/`, { method: 'POST', redirect: 'manual' });
      expect([post.status, post.headers.get('location')]).toEqual([307, `${t.url}/api/v1/sources`]);
      // only a known path is redirected
      expect((await fetch(`${t.url}/api/v1/spaces/`, { redirect: 'manual' })).status).toBe(404);
    });

    it('answers HEAD 405 with Allow: GET: the contract decides, as FastAPI does for a GET route', async () => {
      const res = await t.call('HEAD', `/api/v1/jobs/${UNKNOWN}`, { unchecked: true });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
    });

    it('challenges a missing or malformed token with WWW-Authenticate: Bearer', async () => {
      for (const res of [
        await status(UNKNOWN, null as unknown as string),
        await t.call('GET', `/api/v1/jobs/${UNKNOWN}`, { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
      ]) {
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
      }
    });

    it('ignores unknown query parameters', async () => {
      const { job_id } = await create();
      const res = await t.call('GET', `/api/v1/jobs/${job_id}?verbose=1`);
      expect(res.status).toBe(200);
      expect(res.body.job_id).toBe(job_id);
    });
  });

  describe('determinism', () => {
    it('gives the same ids, source ids and plans for the same seed after reset', async () => {
      const run = async () => {
        const created = [await create(), await create(), await create(undefined, { token: 'tenant-b' })];
        const states: unknown[] = [];
        for (const c of created) states.push((await status(c.job_id, c === created[2] ? 'tenant-b' : undefined)).body);
        return { created, states };
      };
      const first = await run();
      await t.control('POST', '/reset', { seed: 7 });
      expect(t.clock.now()).toBe(S);
      const second = await run();
      expect(second.created).toEqual(first.created);
      // same plans: the same timelines, shifted by nothing (the clock has not moved)
      expect(second.states).toEqual(first.states);
      await t.control('POST', '/reset', { seed: 8 });
      const third = await create();
      expect(third.job_id).not.toBe(first.created[0].job_id);
    });
  });
});
