// The twin against a real FastAPI Crosmos: the same pinned plans give the same states in the same order
// with the same fields present, and edge requests answer alike (status, headers, body shape).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';
import { fastapiMissing, startApp, type RunningApp } from './fastapi/harness.js';
import { appTrace, json, twinTrace, validationItems, type TraceStep } from './fastapi/trace.js';

const missing = fastapiMissing();
if (missing) console.warn(`skipping the Crosmos FastAPI trace tests: ${missing}`);

const SPACE = '6aa0fdc8-21c3-4de8-af2e-931c569e0200';
const BODY = {
  space_id: SPACE,
  sources: [
    { content: 'I prefer window seats.', meta: null },
    { content: '# Policy', content_type: 'markdown' },
  ],
};
const TERMINAL = ['completed', 'partial', 'failed', 'cancelled'];
// Long enough that a poller on a loaded machine still sees every state of the app on real time.
const PHASES = 'queue=1000ms; run=1000ms';
const PLANS = [`outcome=succeed; ${PHASES}`, `outcome=partial; ${PHASES}`, `outcome=fail; ${PHASES}`, `failures=1; ${PHASES}`, `outcome=never; ${PHASES}`];

interface Target {
  url: string;
  call(method: string, path: string, o?: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> }): ReturnType<typeof json>;
}

function target(url: string): Target {
  return {
    url,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const token = o.token === undefined ? 'tenant-a' : o.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      return json(await fetch(`${url}${path}`, { method, headers, body, redirect: 'manual' }));
    },
  };
}

describe.skipIf(missing !== null)('Crosmos: the twin and FastAPI side by side', () => {
  let app: RunningApp;
  let twin: Harness;
  let a: Target;
  let t: Target;
  let appJob: string;
  let twinJob: string;
  beforeAll(async () => {
    [app, twin] = await Promise.all([startApp('crosmos_app'), startTwin({ apis: ['crosmos'] })]);
    a = target(app.url);
    t = target(twin.url);
    appJob = (await a.call('POST', '/api/v1/sources', { body: BODY })).body.job_id;
    twinJob = (await t.call('POST', '/api/v1/sources', { body: BODY })).body.job_id;
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), twin?.close()]);
  });

  it('pinned plans: the same states in the same order, the same fields present in each', async () => {
    const appTraces = await Promise.all(
      PLANS.map(async (plan) => {
        const created = await a.call('POST', '/api/v1/sources', { body: BODY, headers: { 'x-jobtwin-job': plan } });
        expect(created.status).toBe(202);
        return appTrace(() => a.call('GET', `/api/v1/jobs/${created.body.job_id}`), {
          terminal: TERMINAL,
          untilMs: 3_000,
          deadlineMs: 30_000,
          stateField: 'status',
        });
      }),
    );
    const twinTraces: TraceStep[][] = [];
    for (const plan of PLANS) {
      const created = await t.call('POST', '/api/v1/sources', { body: BODY, headers: { 'x-jobtwin-job': plan } });
      expect(created.status).toBe(202);
      twinTraces.push(
        await twinTrace(
          () => t.call('GET', `/api/v1/jobs/${created.body.job_id}`),
          (ms) => twin.advance(ms),
          { totalMs: 3_000, stepMs: 100, stateField: 'status' },
        ),
      );
    }
    PLANS.forEach((plan, i) => expect(twinTraces[i], plan).toEqual(appTraces[i]));
    // what the traces hold, so a change on both sides is seen too
    expect(appTraces[0]).toEqual([
      { state: 'pending', fields: ['created_at', 'job_id', 'source_ids', 'status'] },
      { state: 'processing', fields: ['created_at', 'job_id', 'source_ids', 'started_at', 'status'] },
      { state: 'completed', fields: ['completed_at', 'created_at', 'job_id', 'result', 'source_ids', 'started_at', 'status'] },
    ]);
    expect(appTraces[2].at(-1)).toEqual({
      state: 'failed',
      fields: ['completed_at', 'created_at', 'error_message', 'job_id', 'source_ids', 'started_at', 'status'],
    });
  }, 45_000);

  it('every UUID spelling pydantic reads names the same job', async () => {
    for (const [target_, id] of [
      [a, appJob],
      [t, twinJob],
    ] as const) {
      for (const spelling of [id, id.toUpperCase(), `urn:uuid:${id}`, id.replace(/-/g, ''), `{${id}}`]) {
        const answer = await target_.call('GET', `/api/v1/jobs/${encodeURIComponent(spelling)}`);
        expect([spelling, answer.status, answer.body.job_id]).toEqual([spelling, 200, id]);
      }
    }
  });

  it('edge requests answer alike: status, headers and body shape', async () => {
    const unknown = '0896fc61-2615-4e52-8b01-c0a4d850ade2';
    const pair = async (method: string, path: (job: string) => string, o: Parameters<Target['call']>[2] = {}) => {
      const [x, y] = [await a.call(method, path(appJob), o), await t.call(method, path(twinJob), o)];
      expect(y.status, `${method} ${path('{id}')}`).toBe(x.status);
      return [x, y] as const;
    };

    let [x, y] = await pair('GET', () => '/api/v1/jobs/not-a-uuid');
    expect(x.status).toBe(422);
    for (const body of [x.body, y.body]) expect(validationItems(body).map((d) => d.loc)).toEqual([['path', 'job_id']]);

    [x, y] = await pair('GET', (id) => `/api/v1/jobs/${id}`, { token: null });
    expect(x.status).toBe(401);
    expect([x.headers.get('www-authenticate'), y.headers.get('www-authenticate')]).toEqual(['Bearer', 'Bearer']);
    expect(y.body).toEqual(x.body);

    [x, y] = await pair('GET', (id) => `/api/v1/jobs/${id}`, { token: 'tenant-b' });
    expect(x.status).toBe(404);
    expect([x.body.detail, y.body.detail]).toEqual([`Job ${appJob} not found`, `Job ${twinJob} not found`]);

    [x, y] = await pair('GET', () => `/api/v1/jobs/urn:uuid:${unknown.toUpperCase()}`);
    expect(x.status).toBe(404);
    // FastAPI formats the UUID it parsed: lower case, hyphenated
    expect([x.body, y.body]).toEqual([{ detail: `Job ${unknown} not found` }, { detail: `Job ${unknown} not found` }]);

    [x, y] = await pair('GET', (id) => `/api/v1/jobs/${id}/?verbose=1`);
    expect(x.status).toBe(307);
    expect(x.headers.get('location')).toBe(`${app.url}/api/v1/jobs/${appJob}?verbose=1`);
    expect(y.headers.get('location')).toBe(`${twin.url}/api/v1/jobs/${twinJob}?verbose=1`);
    // an empty body, and no content type claiming it is JSON
    expect([y.status, y.headers.get('content-type'), y.headers.get('content-length')]).toEqual([307, x.headers.get('content-type'), '0']);

    [x, y] = await pair('HEAD', (id) => `/api/v1/jobs/${id}`);
    expect(x.status).toBe(405);
    expect([x.headers.get('allow'), y.headers.get('allow')]).toEqual(['GET', 'GET']);

    [x, y] = await pair('DELETE', (id) => `/api/v1/jobs/${id}`);
    expect(x.status).toBe(405);
    expect([x.headers.get('allow'), y.headers.get('allow')]).toEqual(['GET', 'GET']);
    expect(y.body).toEqual(x.body);

    [x, y] = await pair('GET', () => '/api/v1/nowhere');
    expect(x.status).toBe(404);
    expect(y.body).toEqual(x.body);

    [x, y] = await pair('POST', () => '/api/v1/sources', { body: { sources: [{ content: 'x' }] } });
    expect(x.status).toBe(422);
    for (const body of [x.body, y.body]) expect(validationItems(body).map((d) => d.loc)).toEqual([['body', 'space_id']]);

    [x, y] = await pair('POST', () => '/api/v1/sources', { body: { space_id: SPACE, sources: [{ content: 'x', role: null, sequence: null, meta: null }] } });
    expect([x.status, y.status]).toEqual([202, 202]);

    [x, y] = await pair('POST', () => '/api/v1/sources', { body: { space_id: SPACE, sources: [] } });
    expect(x.status).toBe(422);
    for (const body of [x.body, y.body]) expect(validationItems(body).map((d) => d.loc)).toEqual([['body', 'sources']]);

    [x, y] = await pair('POST', () => '/api/v1/sources', { raw: '{"space_id": ' });
    expect(x.status).toBe(422);
    for (const body of [x.body, y.body]) {
      const [item] = validationItems(body);
      expect([item.loc[0], typeof item.loc[1]]).toEqual(['body', 'number']);
    }
  });
});
