// The twin against a real FastAPI Contextual: the same pinned plans give the same states in the same
// order with the same result fields, lists page alike, and edge requests answer alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';
import { fastapiMissing, startApp, type RunningApp } from './fastapi/harness.js';
import { appTrace, json, twinTrace, validationItems, type TraceStep } from './fastapi/trace.js';

const missing = fastapiMissing();
if (missing) console.warn(`skipping the Contextual FastAPI trace tests: ${missing}`);

const PDF = '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
const TERMINAL = ['completed', 'failed', 'cancelled'];
// Long enough that a poller on a loaded machine still sees every state of the app on real time.
const PHASES = 'queue=800ms; run=800ms; retrying=800ms';
const PLANS = [`outcome=succeed; ${PHASES}`, `failures=1; ${PHASES}`, `outcome=fail; ${PHASES}`, `outcome=never; ${PHASES}`];

function form(fields: Record<string, string> = {}, file = true): FormData {
  const f = new FormData();
  if (file) f.append('raw_file', new Blob([PDF], { type: 'application/pdf' }), 'attention.pdf');
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

interface Target {
  url: string;
  call(method: string, path: string, o?: { token?: string | null; form?: FormData; body?: unknown; headers?: Record<string, string> }): ReturnType<typeof json>;
}

function target(url: string): Target {
  return {
    url,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const token = o.token === undefined ? 'tenant-a' : o.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: BodyInit | undefined = o.form;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] = 'application/json';
      }
      return json(await fetch(`${url}${path}`, { method, headers, body, redirect: 'manual' }));
    },
  };
}

describe.skipIf(missing !== null)('Contextual: the twin and FastAPI side by side', () => {
  let app: RunningApp;
  let twin: Harness;
  let a: Target;
  let t: Target;
  beforeAll(async () => {
    [app, twin] = await Promise.all([startApp('contextual_app'), startTwin({ apis: ['contextual'] })]);
    a = target(app.url);
    t = target(twin.url);
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), twin?.close()]);
  });

  it('pinned plans: the same states in the same order, the same result fields in each', async () => {
    const results = (x: Target, id: string) => () =>
      x.call('GET', `/v1/parse/jobs/${id}/results?output_types=markdown-document&output_types=markdown-per-page`);
    const appTraces = await Promise.all(
      PLANS.map(async (plan) => {
        const created = await a.call('POST', '/v1/parse', { form: form(), headers: { 'x-jobtwin-job': plan } });
        expect(created.status).toBe(200);
        return appTrace(results(a, created.body.job_id), { terminal: TERMINAL, untilMs: 5_000, deadlineMs: 40_000, stateField: 'status' });
      }),
    );
    const twinTraces: TraceStep[][] = [];
    for (const plan of PLANS) {
      const created = await t.call('POST', '/v1/parse', { form: form(), headers: { 'x-jobtwin-job': plan } });
      expect(created.status).toBe(200);
      twinTraces.push(await twinTrace(results(t, created.body.job_id), (ms) => twin.advance(ms), { totalMs: 6_000, stepMs: 100, stateField: 'status' }));
    }
    PLANS.forEach((plan, i) => expect(twinTraces[i], plan).toEqual(appTraces[i]));
    const states = (trace: TraceStep[]) => trace.map((s) => s.state);
    expect(states(appTraces[1])).toEqual(['pending', 'processing', 'retrying', 'processing', 'completed']);
    expect(states(appTraces[2])).toEqual(['pending', 'processing', 'retrying', 'processing', 'retrying', 'processing', 'failed']);
    expect(appTraces[0].at(-1)).toEqual({ state: 'completed', fields: ['document_metadata', 'file_name', 'markdown_document', 'pages', 'status'] });
    expect(appTraces[2].at(-1)).toEqual({ state: 'failed', fields: ['file_name', 'status'] });
  }, 50_000);

  it('lists newest first and pages with a cursor alike', async () => {
    const pages = async (x: Target, token: string) => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await x.call('POST', '/v1/parse', { form: form(), token })).body.job_id);
      const first = await x.call('GET', '/v1/parse/jobs?limit=2', { token });
      const second = await x.call('GET', `/v1/parse/jobs?limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`, { token });
      return {
        order: [...first.body.jobs, ...second.body.jobs].map((j: any) => ids.indexOf(j.id)),
        shapes: [first, second].map((p) => [p.status, Object.keys(p.body).sort(), p.body.total_jobs, Object.keys(p.body.jobs[0]).sort()]),
      };
    };
    const [x, y] = [await pages(a, 'lister'), await pages(t, 'lister')];
    expect(y).toEqual(x);
    expect(x.order).toEqual([2, 1, 0]);
  });

  it('edge requests answer alike: status, headers and body shape', async () => {
    const unknown = '0f5a2c7e-9b14-4d83-a6e0-5c1d8b3f2a97';
    const [appJob, twinJob] = [
      (await a.call('POST', '/v1/parse', { form: form() })).body.job_id,
      (await t.call('POST', '/v1/parse', { form: form() })).body.job_id,
    ];
    const pair = async (method: string, path: (job: string) => string, o: Parameters<Target['call']>[2] | (() => Parameters<Target['call']>[2]) = {}) => {
      const options = () => (typeof o === 'function' ? o() : o);
      const [x, y] = [await a.call(method, path(appJob), options()), await t.call(method, path(twinJob), options())];
      expect(y.status, `${method} ${path('{id}')}`).toBe(x.status);
      return [x, y] as const;
    };
    const locs = (x: { body: unknown }, y: { body: unknown }) => [validationItems(x.body).map((d) => d.loc), validationItems(y.body).map((d) => d.loc)];

    for (const spelling of [
      (id: string) => id.toUpperCase(),
      (id: string) => `urn:uuid:${id}`,
      (id: string) => id.replace(/-/g, ''),
      (id: string) => `{${id}}`,
    ]) {
      const [x, y] = await pair('GET', (id) => `/v1/parse/jobs/${encodeURIComponent(spelling(id))}/status`);
      expect(x.status).toBe(200);
      expect(y.body).toEqual(x.body);
    }

    let [x, y] = await pair('GET', () => '/v1/parse/jobs/not-a-uuid/status');
    expect(x.status).toBe(422);
    expect(locs(x, y)).toEqual([[['path', 'job_id']], [['path', 'job_id']]]);

    [x, y] = await pair('GET', () => '/v1/parse/jobs', { token: null });
    expect(x.status).toBe(401);
    expect([x.headers.get('www-authenticate'), y.headers.get('www-authenticate')]).toEqual(['Bearer', 'Bearer']);
    expect(y.body).toEqual(x.body);

    [x, y] = await pair('GET', (id) => `/v1/parse/jobs/${id}/results`, { token: 'tenant-b' });
    expect(x.status).toBe(404);
    expect([x.body.detail, y.body.detail]).toEqual([`Parse job ${appJob} not found`, `Parse job ${twinJob} not found`]);

    [x, y] = await pair('GET', () => `/v1/parse/jobs/${unknown.replace(/-/g, '').toUpperCase()}/status`);
    expect(x.status).toBe(404);
    expect(y.body).toEqual(x.body);

    [x, y] = await pair('GET', () => '/v1/parse/jobs/?limit=5');
    expect(x.status).toBe(307);
    expect([x.headers.get('location'), y.headers.get('location')]).toEqual([`${app.url}/v1/parse/jobs?limit=5`, `${twin.url}/v1/parse/jobs?limit=5`]);

    [x, y] = await pair('HEAD', (id) => `/v1/parse/jobs/${id}/status`);
    expect(x.status).toBe(405);
    expect([x.headers.get('allow'), y.headers.get('allow')]).toEqual(['GET', 'GET']);

    [x, y] = await pair('GET', () => '/v1/parse');
    expect(x.status).toBe(405);
    expect([x.headers.get('allow'), y.headers.get('allow')]).toEqual(['POST', 'POST']);
    expect(y.body).toEqual(x.body);

    [x, y] = await pair(
      'POST',
      () => '/v1/parse',
      () => ({ form: form({ parse_mode: 'standard' }, false) }),
    );
    expect(x.status).toBe(422);
    expect(locs(x, y)).toEqual([[['body', 'raw_file']], [['body', 'raw_file']]]);

    [x, y] = await pair('POST', () => '/v1/parse', { body: { raw_file: 'x.pdf' } });
    expect(x.status).toBe(422);
    expect(locs(x, y)).toEqual([[['body', 'raw_file']], [['body', 'raw_file']]]);

    [x, y] = await pair(
      'POST',
      () => '/v1/parse',
      () => ({ form: form({ parse_mode: 'turbo' }) }),
    );
    expect(x.status).toBe(422);
    expect(locs(x, y)).toEqual([[['body', 'parse_mode']], [['body', 'parse_mode']]]);

    [x, y] = await pair(
      'POST',
      () => '/v1/parse',
      () => ({ form: form({ page_range: 'the first three' }) }),
    );
    expect([x.status, y.status]).toEqual([200, 200]);

    [x, y] = await pair('GET', () => '/v1/parse/jobs?limit=5000');
    expect(x.status).toBe(422);
    expect(locs(x, y)).toEqual([[['query', 'limit']], [['query', 'limit']]]);

    [x, y] = await pair('GET', (id) => `/v1/parse/jobs/${id}/results?output_types=markdown`);
    expect(x.status).toBe(422);
    expect(locs(x, y)).toEqual([[['query', 'output_types', 0]], [['query', 'output_types', 0]]]);
  });
});
