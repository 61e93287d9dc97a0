// The broken targets checked by hand with real HTTP: each planted deviation shows (the proxy's answer
// differs from the twin's in that way) and everything else passes through unchanged.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_TARGETS, SPEC_TARGETS, startBroken, type RunningBroken } from '../../fixtures/broken/index.js';
import { jwtTokens } from '../../fixtures/broken/jwt.js';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

interface CallOptions {
  token?: string | null;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

async function call(base: string, method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  const token = o.token === undefined ? 'tenant-a' : o.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined = o.form;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? 5000) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** the jobs API's error envelope carries the time of the answer */
const stamp = (text: string) => text.replace(/"timestamp":"[^"]+"/, '"timestamp":"…"');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// one valid create per API, its id, and the status path of a job
const API = {
  alchemyst: {
    create: (base: string, o: CallOptions = {}) =>
      call(base, 'POST', '/api/v1/context/add-async', {
        json: { documents: [{ content: 'hello' }], source: 'docs', context_type: 'resource', scope: 'internal' },
        ...o,
      }),
    id: (a: Answer) => a.body?.jobId as string,
    status: (id: string) => `/api/v1/context/add-async/${id}/status`,
  },
  crosmos: {
    create: (base: string, o: CallOptions = {}) =>
      call(base, 'POST', '/api/v1/sources', { json: { space_id: randomUUID(), sources: [{ content: 'hi' }] }, ...o }),
    id: (a: Answer) => a.body?.job_id as string,
    status: (id: string) => `/api/v1/jobs/${id}`,
  },
  contextual: {
    create: (base: string, o: CallOptions = {}) => call(base, 'POST', '/parse', { form: parseForm(), ...o }),
    id: (a: Answer) => a.body?.job_id as string,
    status: (id: string) => `/parse/jobs/${id}/status`,
  },
  jobs: {
    create: (base: string, o: CallOptions = {}) =>
      call(base, 'POST', '/api/admin/prompts/preview', {
        json: { systemPrompt: 'Be terse.', userPromptTemplate: 'Summarise {{t}}', variables: { t: 'risk' } },
        ...o,
      }),
    id: (a: Answer) => a.body?.data?.jobId as string,
    status: (id: string) => `/api/jobs/${id}`,
  },
  batches: {
    create: (base: string, o: CallOptions = {}) => call(base, 'POST', '/batches', { json: { input_file_id: 'file-1' }, ...o }),
    id: (a: Answer) => a.body?.id as string,
    status: (id: string) => `/batches/${id}`,
  },
} as const;
type ApiName = keyof typeof API;

/** every byte value, so a proxy that re-encodes the file would change its size */
const FILE = Buffer.concat([Buffer.from([...Array(256).keys()]), randomBytes(4096)]);

function parseForm(): FormData {
  const form = new FormData();
  form.append('raw_file', new Blob([FILE], { type: 'application/pdf' }), 'binary.pdf');
  form.append('parse_mode', 'standard');
  return form;
}

const pin = (directive: string) => ({ headers: { 'x-jobtwin-job': directive } });

/** Polls the twin (not the proxy) until the job is in one of the states. */
async function until(base: string, api: ApiName, id: string, states: string[], timeoutMs = 20_000): Promise<Answer> {
  const stop = Date.now() + timeoutMs;
  for (;;) {
    const a = await call(base, 'GET', API[api].status(id));
    if (states.includes(a.body?.status) || Date.now() > stop) return a;
    await sleep(10);
  }
}

describe('broken targets: the catalogue', () => {
  it('has a target for every check but response_headers_conformance, and three or more per API', async () => {
    const { CHECK_NAMES } = await import('../../conformance/checks/registry.js');
    // the webhook and Prefer: wait targets run on a fixture spec (test/conform/webhook-targets.test.ts)
    const caught = new Set([...BROKEN_TARGETS, ...SPEC_TARGETS].flatMap((t) => t.catches));
    for (const name of CHECK_NAMES) if (name !== 'response_headers_conformance') expect(caught, name).toContain(name);
    for (const t of BROKEN_TARGETS) for (const c of t.catches) expect(CHECK_NAMES).toContain(c);
    for (const api of Object.keys(API)) expect(BROKEN_TARGETS.filter((t) => t.api === api).length, api).toBeGreaterThanOrEqual(3);
    expect(new Set(BROKEN_TARGETS.map((t) => t.name)).size).toBe(BROKEN_TARGETS.length);
  });

  it('refuses an unknown name', async () => {
    await expect(startBroken('no-such-target')).rejects.toThrow(/unknown broken target/);
  });
});

// the targets on the fixtures' own specs are checked by hand beside their checks (test/conform/id-paging.test.ts)
describe.concurrent.each(BROKEN_TARGETS.filter((t) => t.api in API))('$name', (target) => {
  const api = target.api as ApiName;
  let t: RunningBroken;
  let twin: string;
  beforeAll(async () => {
    t = await startBroken(target.name);
    twin = t.upstream;
  });
  afterAll(() => t?.close());

  // the routing targets change exactly these answers: their probes below show how
  const routing = ['jobs-undocumented-method-404', 'contextual-405-without-allow', 'crosmos-unknown-path-403'].includes(target.name);

  it.skipIf(routing)('passes the control interface, unknown paths and wrong methods through unchanged', async () => {
    const origin = new URL(t.target).origin;
    const health = await call(origin, 'GET', '/__jobtwin/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body.apis.map((a: { name: string }) => a.name)).toEqual([api]);
    const clock = await call(origin, 'GET', '/__jobtwin/clock', { token: null });
    expect(clock.status).toBe(200);
    expect(clock.body.frozen).toBe(false);

    const viaProxy = await call(t.target, 'GET', '/no/such/path');
    const direct = await call(twin, 'GET', '/no/such/path');
    expect(viaProxy.status).toBe(404);
    expect(stamp(viaProxy.text)).toBe(stamp(direct.text));

    const path = API[api].status('x'.repeat(8));
    const [p405, d405] = await Promise.all([call(t.target, 'PATCH', path), call(twin, 'PATCH', path)]);
    expect(p405.status).toBe(405);
    expect(p405.headers.get('allow')).toBe(d405.headers.get('allow'));
    expect(stamp(p405.text)).toBe(stamp(d405.text));
    if (target.name !== 'contextual-text-plain') expect(p405.headers.get('content-type')).toBe(d405.headers.get('content-type'));
  });

  it('plants its deviation', async () => {
    await PROBES[target.name]!(t.target, twin);
  });
});

describe('broken targets: proxy mechanics', () => {
  it('forwards a multipart body byte for byte', async () => {
    const t = await startBroken('contextual-retention-ignored');
    try {
      const created = await API.contextual.create(t.target);
      expect(created.status).toBe(200);
      const view = await call(new URL(t.target).origin, 'GET', `/__jobtwin/jobs/contextual/${created.body.job_id}`, { token: null });
      expect(view.status).toBe(200);
      expect(view.body.input.raw_file).toMatchObject({ filename: 'binary.pdf', size: FILE.length });
      expect(view.body.input.parse_mode).toBe('standard');
    } finally {
      await t.close();
    }
  });

  it('forwards a multipart body it buffers (a claimed create) byte for byte', async () => {
    const t = await startBroken('contextual-text-plain');
    try {
      const created = await API.contextual.create(t.target);
      expect(created.status).toBe(200);
      const view = await call(new URL(t.target).origin, 'GET', `/__jobtwin/jobs/contextual/${created.body.job_id}`, { token: null });
      expect(view.body.input.raw_file).toMatchObject({ filename: 'binary.pdf', size: FILE.length });
    } finally {
      await t.close();
    }
  });

  it('closes promptly with a stalled answer open, and stops listening', async () => {
    const t = await startBroken('alchemyst-status-stalls');
    const id = API.alchemyst.id(await API.alchemyst.create(t.target));
    const res = await fetch(`${t.target}${API.alchemyst.status(id)}`, { headers: { authorization: 'Bearer tenant-a' } });
    const pending = res.text().catch((e: Error) => e);
    const started = Date.now();
    await t.close();
    // the answer stalls for ever: any finite close shows it was not waited for (generous for busy machines)
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await pending).toBeInstanceOf(Error);
    await expect(fetch(`${t.target}/x`)).rejects.toThrow();
    await expect(fetch(`${t.upstream}/x`)).rejects.toThrow();
  });
});

type Probe = (target: string, twin: string) => Promise<void>;

const PROBES: Record<string, Probe> = {
  async 'jobs-status-500'(target, twin) {
    const id = API.jobs.id(await API.jobs.create(target));
    const path = API.jobs.status(id);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(target, 'GET', path)).status);
    expect(statuses).toEqual([200, 200, 500]);
    expect((await call(twin, 'GET', path)).status).toBe(200);
    // other tenants, missing tokens and unknown ids get the twin's answers, however many
    for (let i = 0; i < 3; i++) {
      expect((await call(target, 'GET', path, { token: 'tenant-b' })).status).toBe(404);
      expect((await call(target, 'GET', path, { token: null })).status).toBe(401);
      expect((await call(target, 'GET', API.jobs.status(randomUUID()))).status).toBe(404);
    }
  },

  async 'alchemyst-status-stalls'(target, twin) {
    const id = API.alchemyst.id(await API.alchemyst.create(target));
    const path = API.alchemyst.status(id);
    for (let i = 0; i < 2; i++) await expect(call(target, 'GET', path, { timeoutMs: 300 })).rejects.toThrow();
    const third = await call(target, 'GET', path);
    expect(third.status).toBe(200);
    expect(third.body.jobId).toBe(id);
    expect((await call(twin, 'GET', path)).status).toBe(200);
  },

  async 'alchemyst-status-endless'(target, twin) {
    const id = API.alchemyst.id(await API.alchemyst.create(target));
    const path = API.alchemyst.status(id);
    expect((await call(target, 'GET', path)).status).toBe(200);
    // the second poll never ends: read 1 MB of it, then hang up
    const res = await fetch(`${target}${path}`, { headers: { authorization: 'Bearer tenant-a' } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let bytes = 0;
    while (bytes < 1024 * 1024) bytes += (await reader.read()).value?.byteLength ?? 0;
    await reader.cancel();
    expect((await call(target, 'GET', path)).status).toBe(200);
    expect((await call(twin, 'GET', path)).status).toBe(200);
  },

  async 'jobs-status-html'(target, twin) {
    const id = API.jobs.id(await API.jobs.create(target));
    const path = API.jobs.status(id);
    const texts = [];
    for (let i = 0; i < 2; i++) texts.push(await (await fetch(`${target}${path}`, { headers: { authorization: 'Bearer tenant-a' } })).text());
    expect(texts.filter((t) => t.startsWith('<html>'))).toHaveLength(1);
    expect((await call(twin, 'GET', path)).status).toBe(200);
  },

  async 'crosmos-status-utf16'(target, twin) {
    const id = API.crosmos.id(await API.crosmos.create(target));
    const path = API.crosmos.status(id);
    const bodies = [];
    for (let i = 0; i < 2; i++)
      bodies.push(Buffer.from(await (await fetch(`${target}${path}`, { headers: { authorization: 'Bearer tenant-a' } })).arrayBuffer()));
    const utf16 = bodies.find((b) => b[0] === 0xff && b[1] === 0xfe)!;
    expect(JSON.parse(utf16.subarray(2).toString('utf16le')).job_id).toBe(id);
    expect((await call(twin, 'GET', path)).status).toBe(200);
  },

  async 'crosmos-status-resets'(target, twin) {
    const id = API.crosmos.id(await API.crosmos.create(target));
    const path = API.crosmos.status(id);
    expect((await call(target, 'GET', path)).status).toBe(200);
    expect((await call(target, 'GET', path)).status).toBe(200);
    await expect(call(target, 'GET', path)).rejects.toThrow();
    expect((await call(twin, 'GET', path)).status).toBe(200);
  },

  async 'contextual-status-garbage'(target, twin) {
    const id = API.contextual.id(await API.contextual.create(target));
    const path = API.contextual.status(id);
    expect((await call(target, 'GET', path)).body.status).toBeDefined();
    expect((await call(target, 'GET', path)).status).toBe(200);
    await expect(call(target, 'GET', path)).rejects.toThrow();
    expect((await call(twin, 'GET', path)).status).toBe(200);
  },

  async 'jobs-create-201'(target, twin) {
    const viaProxy = await API.jobs.create(target);
    expect(viaProxy.status).toBe(201);
    expect(viaProxy.body.data.status).toBe('PENDING');
    expect((await API.jobs.create(twin)).status).toBe(202);
    const bad = await call(target, 'POST', '/api/admin/prompts/preview', { json: {} });
    expect(bad.status).toBe(400);
    expect((await call(target, 'GET', API.jobs.status(API.jobs.id(viaProxy)))).status).toBe(200);
  },

  async 'contextual-text-plain'(target, twin) {
    const created = await API.contextual.create(target);
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const path = API.contextual.status(API.contextual.id(created));
    const [p, d] = await Promise.all([call(target, 'GET', path), call(twin, 'GET', path)]);
    expect(p.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(d.headers.get('content-type')).toMatch(/^application\/json/);
    expect(p.body.file_name).toBe(d.body.file_name);
    const health = await fetch(`${new URL(target).origin}/__jobtwin/health`);
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
  },

  async 'jobs-status-drops-type'(target, twin) {
    const id = API.jobs.id(await API.jobs.create(target, pin('run=50ms')));
    await until(twin, 'jobs', id, ['COMPLETED']);
    const path = API.jobs.status(id);
    const [p, d] = await Promise.all([call(target, 'GET', path), call(twin, 'GET', path)]);
    expect(d.body.type).toBe('AI_PREVIEW');
    expect(d.body.error).toBeNull();
    expect(p.body).not.toHaveProperty('type');
    expect(p.body.error).toBe(0);
    expect(p.body.result).toEqual(d.body.result);
  },

  async 'crosmos-accepts-invalid'(target, twin) {
    const invalid = { sources: 'not a list' };
    const d = await call(twin, 'POST', '/api/v1/sources', { json: invalid });
    expect(d.status).toBe(422);
    const p = await call(target, 'POST', '/api/v1/sources', { json: invalid });
    expect(p.status).toBe(202);
    expect(p.body.job_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call(target, 'POST', '/api/v1/sources', { json: invalid, token: null })).status).toBe(401);
    const valid = await API.crosmos.create(target);
    expect(valid.status).toBe(202);
  },

  async 'contextual-refuses-creates'(target, twin) {
    const p = await API.contextual.create(target);
    expect(p.status).toBe(422);
    expect((await API.contextual.create(target, { token: null })).status).toBe(401);
    expect(p.body.detail[0].loc).toEqual(['body', 'raw_file']);
    const d = await API.contextual.create(twin);
    expect(d.status).toBe(200);
    expect((await call(target, 'GET', API.contextual.status(API.contextual.id(d)))).status).toBe(200);
  },

  async 'contextual-no-auth'(target, twin) {
    expect((await call(twin, 'GET', '/parse/jobs', { token: null })).status).toBe(401);
    const anonymous = await call(target, 'GET', '/parse/jobs', { token: null });
    expect(anonymous.status).toBe(200);
    expect(Array.isArray(anonymous.body.jobs)).toBe(true);
    const malformed = await call(target, 'GET', '/parse/jobs', { headers: { authorization: 'Bearer' }, token: null });
    expect(malformed.status).toBe(200);
    // a real token still names its own tenant
    const id = API.contextual.id(await API.contextual.create(target, { token: 'tenant-c' }));
    expect((await call(target, 'GET', API.contextual.status(id), { token: 'tenant-c' })).status).toBe(200);
    expect((await call(target, 'GET', API.contextual.status(id), { token: null })).status).toBe(404);
  },

  async 'crosmos-one-tenant'(target, twin) {
    const id = API.crosmos.id(await API.crosmos.create(target, { token: 'tenant-a' }));
    const path = API.crosmos.status(id);
    expect((await call(twin, 'GET', path, { token: 'tenant-b' })).status).toBe(404);
    const other = await call(target, 'GET', path, { token: 'tenant-b' });
    expect(other.status).toBe(200);
    expect(other.body.job_id).toBe(id);
    expect((await call(target, 'GET', path, { token: null })).status).toBe(401);
  },

  async 'crosmos-unknown-id-found'(target, twin) {
    const unknown = randomUUID();
    expect((await call(twin, 'GET', API.crosmos.status(unknown))).status).toBe(404);
    const p = await call(target, 'GET', API.crosmos.status(unknown));
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ job_id: unknown, status: 'pending' });
    const id = API.crosmos.id(await API.crosmos.create(target));
    const own = await call(target, 'GET', API.crosmos.status(id));
    expect(own.body.job_id).toBe(id);
    // a job created past the proxy is unknown to it: that is the deviation, not a tenant leak
    expect((await call(target, 'GET', API.crosmos.status('not-a-uuid'))).status).toBe(422);
  },

  async 'jobs-state-renamed'(target, twin) {
    const id = API.jobs.id(await API.jobs.create(target, pin('queue=0s; run=5s')));
    await until(twin, 'jobs', id, ['PROCESSING']);
    const path = API.jobs.status(id);
    const [p, d] = await Promise.all([call(target, 'GET', path), call(twin, 'GET', path)]);
    expect(d.body.status).toBe('PROCESSING');
    expect(p.body.status).toBe('RUNNING');
    expect(p.body.startedAt).toBe(d.body.startedAt);
  },

  async 'crosmos-back-to-pending'(target, twin) {
    const id = API.crosmos.id(await API.crosmos.create(target, pin('queue=0s; run=5s')));
    await until(twin, 'crosmos', id, ['processing']);
    const path = API.crosmos.status(id);
    expect((await call(target, 'GET', path)).body.status).toBe('processing');
    const again = await call(target, 'GET', path);
    expect(again.body).toMatchObject({ status: 'pending', started_at: null });
    expect((await call(twin, 'GET', path)).body.status).toBe('processing');
  },

  async 'alchemyst-finished-reopens'(target, twin) {
    const id = API.alchemyst.id(await API.alchemyst.create(target, pin('queue=0s; run=10ms')));
    await until(twin, 'alchemyst', id, ['completed']);
    const path = API.alchemyst.status(id);
    expect((await call(target, 'GET', path)).body.status).toBe('completed');
    const again = await call(target, 'GET', path);
    expect(again.body.status).toBe('active');
    expect(again.body).not.toHaveProperty('finishedOn');
    expect((await call(twin, 'GET', path)).body.status).toBe('completed');
  },

  async 'crosmos-created-at-moves'(target, twin) {
    const id = API.crosmos.id(await API.crosmos.create(target));
    const path = API.crosmos.status(id);
    const first = await call(target, 'GET', path);
    const second = await call(target, 'GET', path);
    const direct = await call(twin, 'GET', path);
    expect(first.body.created_at).toBe(direct.body.created_at);
    expect(Date.parse(second.body.created_at) - Date.parse(first.body.created_at)).toBe(1000);
  },

  async 'jobs-finish-time-early'(target, twin) {
    const id = API.jobs.id(await API.jobs.create(target, pin('queue=0s; run=5s')));
    await until(twin, 'jobs', id, ['PROCESSING']);
    const path = API.jobs.status(id);
    const [p, d] = await Promise.all([call(target, 'GET', path), call(twin, 'GET', path)]);
    expect(d.body).toMatchObject({ status: 'PROCESSING', completedAt: null });
    expect(p.body.status).toBe('PROCESSING');
    expect(typeof p.body.completedAt).toBe('string');
  },

  async 'alchemyst-attempts-over-limit'(target, twin) {
    const id = API.alchemyst.id(await API.alchemyst.create(target, pin('queue=0s; run=10ms')));
    await until(twin, 'alchemyst', id, ['completed']);
    const path = API.alchemyst.status(id);
    expect((await call(twin, 'GET', path)).body.attemptsMade).toBe(1);
    expect((await call(target, 'GET', path)).body.attemptsMade).toBe(4);
  },

  async 'jobs-attempts-fall'(target, twin) {
    const id = API.jobs.id(await API.jobs.create(target, pin('queue=0s; run=10ms')));
    await until(twin, 'jobs', id, ['COMPLETED']);
    const path = API.jobs.status(id);
    expect((await call(twin, 'GET', path)).body.attempts).toBe(1);
    expect((await call(target, 'GET', path)).body.attempts).toBe(0);
  },

  async 'alchemyst-cancel-active-accepted'(target, twin) {
    const active = API.alchemyst.id(await API.alchemyst.create(target, pin('queue=0s; run=5s')));
    expect((await until(twin, 'alchemyst', active, ['active'])).body.status).toBe('active');
    const cancel = await call(target, 'DELETE', `/api/v1/context/add-async/${active}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ success: true, jobId: active, status: 'cancelled' });
    expect((await call(twin, 'GET', API.alchemyst.status(active))).body.status).toBe('active');
    expect((await call(twin, 'DELETE', `/api/v1/context/add-async/${active}/cancel`)).status).toBe(409);
    // cancel of a waiting job still works as documented
    const waiting = API.alchemyst.id(await API.alchemyst.create(target, pin('queue=5s')));
    expect((await call(target, 'DELETE', `/api/v1/context/add-async/${waiting}/cancel`)).status).toBe(200);
    expect((await call(twin, 'GET', API.alchemyst.status(waiting))).status).toBe(404);
  },

  async 'alchemyst-cancel-finished-conflict'(target, twin) {
    const id = API.alchemyst.id(await API.alchemyst.create(target, pin('queue=0s; run=10ms')));
    await until(twin, 'alchemyst', id, ['completed']);
    const cancel = await call(target, 'DELETE', `/api/v1/context/add-async/${id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error).toMatch(/running/);
    expect((await call(twin, 'DELETE', `/api/v1/context/add-async/${id}/cancel`)).status).toBe(404);
    expect((await call(twin, 'GET', API.alchemyst.status(id))).body.status).toBe('completed');
    // unknown ids and waiting jobs are answered as the twin answers them
    expect((await call(target, 'DELETE', '/api/v1/context/add-async/job_unknown/cancel')).status).toBe(404);
    const waiting = API.alchemyst.id(await API.alchemyst.create(target, pin('queue=5s')));
    expect((await call(target, 'DELETE', `/api/v1/context/add-async/${waiting}/cancel`)).status).toBe(200);
  },

  async 'alchemyst-cancel-waiting-conflict'(target, twin) {
    const id = API.alchemyst.id(await API.alchemyst.create(target, pin('queue=5s')));
    const cancel = await call(target, 'DELETE', `/api/v1/context/add-async/${id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error).toMatch(/running/);
    // the job was left waiting, as the twin shows it
    expect((await call(twin, 'GET', API.alchemyst.status(id))).body).toMatchObject({ status: 'waiting', attemptsMade: 0 });
    expect((await call(twin, 'DELETE', `/api/v1/context/add-async/${id}/cancel`)).status).toBe(200);
    // finished jobs are answered as the twin answers them
    const done = API.alchemyst.id(await API.alchemyst.create(target, pin('queue=0s; run=10ms')));
    await until(twin, 'alchemyst', done, ['completed']);
    expect((await call(target, 'DELETE', `/api/v1/context/add-async/${done}/cancel`)).status).toBe(404);
  },

  async 'alchemyst-list-drops-newest'(target, twin) {
    const older = API.alchemyst.id(await API.alchemyst.create(target));
    const newer = API.alchemyst.id(await API.alchemyst.create(target));
    const ids = (a: Answer) => a.body.jobs.map((j: { jobId: string }) => j.jobId);
    const [p, d] = await Promise.all([
      call(target, 'GET', '/api/v1/context/add-async/status?type=all&limit=10'),
      call(twin, 'GET', '/api/v1/context/add-async/status?type=all&limit=10'),
    ]);
    // the list's order is unspecified: compare as sets
    expect(ids(d).sort()).toEqual([newer, older].sort());
    expect(ids(p)).toEqual([older]);
    const second = await call(target, 'GET', '/api/v1/context/add-async/status?type=all&limit=1&offset=1');
    expect(ids(second)).not.toContain(newer);
    // another tenant's newest job is its own
    const other = API.alchemyst.id(await API.alchemyst.create(target, { token: 'tenant-b' }));
    expect(ids(await call(target, 'GET', '/api/v1/context/add-async/status?type=all&limit=10', { token: 'tenant-b' }))).toEqual([]);
    expect(ids(await call(twin, 'GET', '/api/v1/context/add-async/status?type=all&limit=10', { token: 'tenant-b' }))).toEqual([other]);
  },

  async 'contextual-list-ignores-limit'(target, twin) {
    await API.contextual.create(target);
    const p = await call(target, 'GET', '/parse/jobs?limit=2');
    expect(p.status).toBe(200);
    expect(p.body.jobs.length).toBeGreaterThan(2);
    expect(p.body.jobs.length).toBe(p.body.total_jobs);
    expect(p.body.jobs.every((j: { file_name: unknown }) => typeof j.file_name === 'string')).toBe(true);
    const d = await call(twin, 'GET', '/parse/jobs?limit=2');
    expect(d.body.jobs.length).toBe(2);
    expect(typeof d.body.next_cursor).toBe('string');
  },

  async 'crosmos-never-finishes'(target, twin) {
    const stuck = [API.crosmos.id(await API.crosmos.create(target)), API.crosmos.id(await API.crosmos.create(target))];
    const third = API.crosmos.id(await API.crosmos.create(target));
    const normal = API.crosmos.id(await API.crosmos.create(twin));
    for (const id of [third, normal])
      expect((await until(twin, 'crosmos', id, ['completed', 'partial', 'failed'])).body.status).toMatch(/^(completed|partial|failed)$/);
    for (const id of stuck) expect((await call(target, 'GET', API.crosmos.status(id))).body.status).toBe('processing');
  },

  async 'contextual-retention-ignored'(target, twin) {
    const id = API.contextual.id(await API.contextual.create(target, pin('queue=0s; run=10ms')));
    await until(twin, 'contextual', id, ['completed']);
    const path = API.contextual.status(id);
    const before = await call(target, 'GET', path);
    expect(before.body.status).toBe('completed');
    const moved = await call(new URL(target).origin, 'POST', '/__jobtwin/clock/advance', { json: { by: '31d' }, token: null });
    expect(moved.status).toBe(200);
    expect((await call(twin, 'GET', path)).status).toBe(404);
    const after = await call(target, 'GET', path);
    expect(after.status).toBe(200);
    expect(after.text).toBe(before.text);
    expect((await call(target, 'GET', path, { token: 'tenant-b' })).status).toBe(404);
    expect((await call(target, 'GET', API.contextual.status(randomUUID()))).status).toBe(404);
  },
  async 'jobs-malformed-id-500'(target, twin) {
    expect((await call(target, 'GET', '/api/jobs/abc')).status).toBe(500);
    expect((await call(twin, 'GET', '/api/jobs/abc')).status).toBe(400);
    const id = API.jobs.id(await API.jobs.create(target));
    expect((await call(target, 'GET', API.jobs.status(id))).status).toBe(200);
  },

  async 'alchemyst-malformed-id-404'(target, twin) {
    const path = API.alchemyst.status('abc!');
    expect((await call(twin, 'GET', path)).status).toBe(400);
    const a = await call(target, 'GET', path);
    expect(a.status).toBe(404);
    expect(a.body.message).toBe('Job not found');
    expect((await call(target, 'DELETE', '/api/v1/context/add-async/a%20b/cancel')).status).toBe(404);
    const id = API.alchemyst.id(await API.alchemyst.create(target));
    expect((await call(target, 'GET', API.alchemyst.status(id))).status).toBe(200);
  },

  async 'alchemyst-cancel-any-tenant'(target, twin) {
    const id = API.alchemyst.id(await API.alchemyst.create(target, pin('queue=5s')));
    const cancel = `/api/v1/context/add-async/${id}/cancel`;
    expect((await call(twin, 'DELETE', cancel, { token: 'tenant-b' })).status).toBe(404);
    expect((await call(target, 'DELETE', cancel, { token: null })).status).toBe(401);
    expect((await call(target, 'DELETE', cancel, { token: 'tenant-b' })).status).toBe(200);
    expect((await call(twin, 'GET', API.alchemyst.status(id))).status).toBe(404);
  },
  async 'alchemyst-list-filter-leaks'(target, twin) {
    const id = API.alchemyst.id(await API.alchemyst.create(target, pin('queue=5s')));
    const ids = (a: Answer) => a.body.jobs.map((j: { jobId: string }) => j.jobId);
    const path = '/api/v1/context/add-async/status?type=completed&limit=10';
    expect(ids(await call(twin, 'GET', path))).not.toContain(id);
    expect(ids(await call(target, 'GET', path))).toContain(id);
    expect((await call(target, 'GET', '/api/v1/context/add-async/status?type=nope')).status).toBe(400);
  },

  async 'alchemyst-list-page-overlap'(target, twin) {
    for (let i = 0; i < 3; i++) await API.alchemyst.create(target);
    const ids = (a: Answer) => a.body.jobs.map((j: { jobId: string }) => j.jobId);
    const list = (base: string, offset: number) => call(base, 'GET', `/api/v1/context/add-async/status?type=all&limit=2&offset=${offset}`);
    expect(ids(await list(target, 0))).toEqual(ids(await list(twin, 0)));
    const [p, d] = await Promise.all([list(target, 2), list(twin, 1)]);
    expect(ids(p)).toEqual(ids(d));
    expect(ids(await list(target, 0))[1]).toBe(ids(p)[0]);
  },

  async 'contextual-list-oldest-first'(target, twin) {
    const older = API.contextual.id(await API.contextual.create(target));
    const newer = API.contextual.id(await API.contextual.create(target));
    const ids = (a: Answer) => a.body.jobs.map((j: { id: string }) => j.id);
    expect(ids(await call(twin, 'GET', '/parse/jobs?limit=2'))).toEqual([newer, older]);
    expect(ids(await call(target, 'GET', '/parse/jobs?limit=2'))).toEqual([older, newer]);
  },

  async 'contextual-list-skips-page-start'(target, twin) {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(API.contextual.id(await API.contextual.create(target)));
    const ids = (a: Answer) => a.body.jobs.map((j: { id: string }) => j.id);
    const first = await call(target, 'GET', '/parse/jobs?limit=2');
    expect(ids(first)).toEqual([made[2], made[1]]);
    const path = `/parse/jobs?limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`;
    expect(ids(await call(twin, 'GET', path))).toEqual([made[0]]);
    expect(ids(await call(target, 'GET', path))).toEqual([]);
  },

  async 'contextual-results-early'(target, twin) {
    const id = API.contextual.id(await API.contextual.create(target, pin('queue=5s')));
    const path = `/parse/jobs/${id}/results`;
    const d = await call(twin, 'GET', path);
    expect(d.body.status).toBe('pending');
    expect(d.body.markdown_document).toBeUndefined();
    const p = await call(target, 'GET', path);
    expect(p.body.status).toBe('pending');
    expect(typeof p.body.markdown_document).toBe('string');
  },
  async 'jobs-jwt-signature-unchecked'(target, twin) {
    const { token, otherToken, expiredToken } = jwtTokens();
    const [h, p, sig] = token!.split('.');
    const created = await API.jobs.create(target, { token: token! });
    expect(created.status).toBe(202);
    const path = API.jobs.status(API.jobs.id(created));
    const badSignature = `${h}.${p}.${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    expect((await call(target, 'GET', path, { token: badSignature })).status).toBe(200);
    expect((await call(target, 'GET', path, { token: expiredToken! })).status).toBe(401);
    expect((await call(target, 'GET', path, { token: otherToken! })).status).toBe(404);
    expect((await call(twin, 'GET', path, { token: token! })).status).toBe(200);
  },

  async 'alchemyst-jwt-expiry-unchecked'(target, twin) {
    const { token, expiredToken } = jwtTokens();
    const created = await API.alchemyst.create(target, { token: token! });
    expect(created.status).toBe(201);
    const path = API.alchemyst.status(API.alchemyst.id(created));
    expect((await call(target, 'GET', path, { token: expiredToken! })).status).toBe(200);
    const [h, , sig] = token!.split('.');
    const otherSub = `${h}.${Buffer.from(JSON.stringify({ sub: 'tenant-b', exp: 4102444800 })).toString('base64url')}.${sig}`;
    expect((await call(target, 'GET', path, { token: otherSub })).status).toBe(401);
    expect((await call(target, 'GET', path, { token: 'tenant-a' })).status).toBe(401);
    expect((await call(twin, 'GET', path, { token: 'tenant-a' })).status).toBe(200);
  },
  async 'jobs-undocumented-method-404'(target, twin) {
    const id = API.jobs.id(await API.jobs.create(target));
    const path = API.jobs.status(id);
    const d = await call(twin, 'PUT', path);
    expect(d.status).toBe(405);
    expect(d.headers.get('allow')).toBe('GET');
    const p = await call(target, 'PUT', path);
    expect(p.status).toBe(404);
    expect(p.headers.get('allow')).toBeNull();
    expect((await call(target, 'GET', path)).status).toBe(200);
    expect((await call(target, 'GET', '/no/such/path')).status).toBe(404);
  },

  async 'contextual-405-without-allow'(target, twin) {
    const [p, d] = await Promise.all([call(target, 'DELETE', '/parse/jobs'), call(twin, 'DELETE', '/parse/jobs')]);
    expect(d.status).toBe(405);
    expect(d.headers.get('allow')).toBe('GET');
    expect(p.status).toBe(405);
    expect(p.headers.get('allow')).toBeNull();
    expect(p.text).toBe(d.text);
  },

  async 'crosmos-unknown-path-403'(target, twin) {
    expect((await call(twin, 'GET', '/no/such/path')).status).toBe(404);
    const p = await call(target, 'GET', '/no/such/path');
    expect(p.status).toBe(403);
    expect(p.body).toEqual({ detail: 'Forbidden' });
    const id = API.crosmos.id(await API.crosmos.create(target));
    expect((await call(target, 'GET', API.crosmos.status(id))).status).toBe(200);
    expect((await call(target, 'PATCH', API.crosmos.status(id))).status).toBe(405);
  },
  async 'jobs-body-limit-ignored'(target, twin) {
    const valid = JSON.stringify({ systemPrompt: 'Be terse.', userPromptTemplate: 'Summarise' });
    const big = `${valid}${' '.repeat(1048577 - valid.length)}`;
    const send = (base: string) =>
      fetch(`${base}/api/admin/prompts/preview`, {
        method: 'POST',
        headers: { authorization: 'Bearer tenant-a', 'content-type': 'application/json' },
        body: big,
      });
    expect((await send(twin)).status).toBe(413);
    expect((await send(target)).status).toBe(202);
    expect((await API.jobs.create(target)).status).toBe(202);
  },

  async 'crosmos-refuses-extra-properties'(target, twin) {
    const json = { space_id: randomUUID(), sources: [{ content: 'hi' }], note: 'extra' };
    expect((await call(twin, 'POST', '/api/v1/sources', { json })).status).toBe(202);
    const p = await call(target, 'POST', '/api/v1/sources', { json });
    expect(p.status).toBe(422);
    expect(p.body.detail[0].type).toBe('extra_forbidden');
    expect((await API.crosmos.create(target)).status).toBe(202);
    expect((await call(target, 'POST', '/api/v1/sources', { json, token: null })).status).toBe(401);
  },
  async 'batches-skips-finalizing'(target, twin) {
    const id = API.batches.id(await API.batches.create(target, pin('outcome=succeed; validating=0s; in_progress=0s; finalizing=1h')));
    const viaProxy = await call(target, 'GET', API.batches.status(id));
    expect(viaProxy.body).toMatchObject({ status: 'in_progress', finalizing_at: null });
    expect((await call(twin, 'GET', API.batches.status(id))).body).toMatchObject({ status: 'finalizing', finalizing_at: expect.any(Number) });
  },
  async 'batches-cancel-skips-cancelling'(target, twin) {
    const id = API.batches.id(await API.batches.create(target, pin('validating=1h')));
    const cancelled = await call(target, 'POST', `/batches/${id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelling_at: null });
    expect((await call(twin, 'GET', API.batches.status(id))).body.status).toBe('cancelled');
    // straight on the twin, a cancel enters cancelling
    const other = API.batches.id(await API.batches.create(twin, pin('validating=1h')));
    expect((await call(twin, 'POST', `/batches/${other}/cancel`)).body.status).toBe('cancelling');
  },
  async 'batches-keeps-data'(target, twin) {
    const id = API.batches.id(await API.batches.create(target, pin('outcome=succeed; validating=0s; in_progress=0s; finalizing=0s')));
    const done = await call(target, 'GET', API.batches.status(id));
    expect(done.body).toMatchObject({ status: 'completed', output: { output_file_id: expect.any(String) }, data_removed: false });
    expect((await call(new URL(target).origin, 'POST', '/__jobtwin/clock/advance', { json: { by: '2h' }, token: null })).status).toBe(200);
    expect((await call(twin, 'GET', API.batches.status(id))).body).toMatchObject({ output: null, data_removed: true });
    expect((await call(target, 'GET', API.batches.status(id))).body).toMatchObject({ output: done.body.output, data_removed: false });
  },
  async 'batches-removes-data-at-once'(target, twin) {
    const id = API.batches.id(await API.batches.create(target, pin('outcome=succeed; validating=0s; in_progress=0s; finalizing=0s')));
    const first = await call(target, 'GET', API.batches.status(id));
    expect(first.body).toMatchObject({ status: 'completed', output: { output_file_id: expect.any(String) }, data_removed: false });
    expect((await call(target, 'GET', API.batches.status(id))).body).toMatchObject({ output: null, data_removed: true });
    expect((await call(twin, 'GET', API.batches.status(id))).body).toMatchObject({ output: first.body.output, data_removed: false });
  },
  async 'batches-progress-falls'(target, twin) {
    const id = API.batches.id(await API.batches.create(target, pin('outcome=succeed; validating=0s; in_progress=1h')));
    expect((await call(target, 'GET', API.batches.status(id))).body).toMatchObject({ status: 'in_progress', request_counts: { completed: 40 } });
    expect((await call(twin, 'GET', API.batches.status(id))).body).toMatchObject({ status: 'in_progress', request_counts: { completed: 0 } });
  },
  async 'batches-ignores-cancel-after'(target, twin) {
    const viaProxy = (await API.batches.create(target, { headers: { 'cancel-after': '5' } })).body;
    expect(viaProxy.expires_at).toBe(viaProxy.created_at + 86_400);
    const direct = (await API.batches.create(twin, { headers: { 'cancel-after': '5' } })).body;
    expect(direct.expires_at).toBe(direct.created_at + 5);
  },
};

// the vendor examples' targets: their probes speak AssemblyAI (the key as it is in Authorization)
describe('broken targets on the vendor examples', () => {
  const transcript = { audio_url: 'https://assembly.ai/wildfires.mp3', speech_models: ['universal'] };
  const aai = (base: string, method: string, path: string, json?: unknown) =>
    call(base, method, path, { token: null, headers: { authorization: 'key-a', 'x-jobtwin-job': 'outcome=succeed; queued=0s; processing=0s' }, json });

  it('assemblyai-delete-keeps-text: the text stays after a DELETE through the proxy, not on the twin', async () => {
    const t = await startBroken('assemblyai-delete-keeps-text');
    try {
      const id = (await aai(t.target, 'POST', '/v2/transcript', transcript)).body.id;
      const done = await aai(t.target, 'GET', `/v2/transcript/${id}`);
      expect(typeof done.body.text).toBe('string');
      expect((await aai(t.target, 'DELETE', `/v2/transcript/${id}`)).status).toBe(200);
      expect((await aai(t.upstream, 'GET', `/v2/transcript/${id}`)).body.text).toBeNull();
      expect((await aai(t.target, 'GET', `/v2/transcript/${id}`)).body.text).toBe(done.body.text);
    } finally {
      await t.close();
    }
  });

  it('assemblyai-delete-removes: a deleted transcript answers 404 through the proxy, 200 on the twin', async () => {
    const t = await startBroken('assemblyai-delete-removes');
    try {
      const id = (await aai(t.target, 'POST', '/v2/transcript', transcript)).body.id;
      expect((await aai(t.target, 'GET', `/v2/transcript/${id}`)).status).toBe(200);
      expect((await aai(t.target, 'DELETE', `/v2/transcript/${id}`)).status).toBe(200);
      const gone = await aai(t.target, 'GET', `/v2/transcript/${id}`);
      expect([gone.status, gone.body]).toEqual([404, { error: 'Transcript not found' }]);
      expect((await aai(t.upstream, 'GET', `/v2/transcript/${id}`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
