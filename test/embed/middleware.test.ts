// The twin as an express middleware: its APIs and control interface inside a host app whose own
// routes keep working, at the root and under a sub-path, behind a body parser, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { jobtwinMiddleware, type JobtwinMiddleware } from '../../src/index.js';
import { AUTH, T0, alchemystStatus, createAlchemystJob, listen } from './helpers.js';

function hostApp(mount: (app: express.Express) => void): express.Express {
  const app = express();
  app.get('/own', (_req, res) => {
    res.json({ own: true });
  });
  mount(app);
  app.post('/echo', express.json(), (req, res) => {
    res.json({ echoed: req.body });
  });
  return app;
}

describe('jobtwinMiddleware at the root of an express app', () => {
  let mw: JobtwinMiddleware;
  let host: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    mw = jobtwinMiddleware({ apis: ['alchemyst', 'jobs'], seed: 3, start: T0 });
    host = await listen(hostApp((app) => app.use(mw)));
  });
  afterAll(async () => {
    await host?.close();
    await mw?.close();
  });

  it('serves the APIs at their mounts and moves with the control clock', async () => {
    const base = `${host.url}/alchemyst/api/v1`;
    const id = await createAlchemystJob(base);
    expect(await alchemystStatus(base, id)).toBe('waiting');
    const moved = await fetch(`${host.url}/__jobtwin/clock/advance`, { method: 'POST', body: JSON.stringify({ by: '1500ms' }) });
    expect(moved.status).toBe(200);
    expect((await moved.json()).now).toBe(T0 + 1500);
    expect(await alchemystStatus(base, id)).toBe('active');
    (await mw.ready).advance('3s');
    expect(await alchemystStatus(base, id)).toBe('completed');
  });

  it('leaves every other path to the host: its routes, its body parser, its 404', async () => {
    expect(await (await fetch(`${host.url}/own`)).json()).toEqual({ own: true });
    const echo = await fetch(`${host.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await echo.json()).toEqual({ echoed: { a: 1 } });
    const missing = await fetch(`${host.url}/not-the-twins`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/Cannot GET \/not-the-twins/); // express's page, not the twin's envelope
  });

  it('answers an unknown path under an API mount itself, in the API envelope', async () => {
    const res = await fetch(`${host.url}/jobs/api/nothing`, { headers: AUTH });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ statusCode: 404 });
  });

  it('lists the mounts on the control interface', async () => {
    const health = await (await fetch(`${host.url}/__jobtwin/health`)).json();
    expect(health.apis.map((a: { mount: string }) => a.mount)).toEqual(['/alchemyst', '/jobs']);
  });
});

describe('jobtwinMiddleware under a sub-path, after a body parser', () => {
  let mw: JobtwinMiddleware;
  let host: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    mw = jobtwinMiddleware({ apis: ['alchemyst'], seed: 3, start: T0 });
    host = await listen(
      hostApp((app) => {
        // Parsed before the twin sees it: the twin still reads and validates the same body.
        app.use(express.json());
        app.use('/mock', mw);
      }),
    );
  });
  afterAll(async () => {
    await host?.close();
    await mw?.close();
  });

  it('serves one API at its own base path under the prefix, and the control interface beside it', async () => {
    const base = `${host.url}/mock/api/v1`;
    const id = await createAlchemystJob(base);
    expect(await alchemystStatus(base, id)).toBe('waiting');
    const moved = await fetch(`${host.url}/mock/__jobtwin/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: '1500ms' }),
    });
    expect(moved.status).toBe(200);
    expect(await alchemystStatus(base, id)).toBe('active');
    const jobs = await (await fetch(`${host.url}/mock/__jobtwin/jobs?api=alchemyst`)).json();
    expect(jobs.jobs.map((j: { id: string }) => j.id)).toEqual([id]);
    // the web view's redirects land under the mount, not at the host's root
    const page = await fetch(`${host.url}/mock/__jobtwin`, { headers: { accept: 'text/html' }, redirect: 'follow' });
    expect(page.url).toBe(`${host.url}/mock/__jobtwin/ui/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('validates a parsed body as the API does: a bad one is the API’s 400', async () => {
    const res = await fetch(`${host.url}/mock/api/v1/context/add-async`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ documents: 'not a list' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ success: false });
  });

  it('passes on paths under the prefix that are not the twin’s, and leaves the rest of the host alone', async () => {
    expect((await fetch(`${host.url}/mock/elsewhere`)).status).toBe(404);
    expect(await (await fetch(`${host.url}/mock/elsewhere`)).text()).toMatch(/Cannot GET \/mock\/elsewhere/);
    expect(await (await fetch(`${host.url}/own`)).json()).toEqual({ own: true });
  });
});

describe('jobtwinMiddleware options', () => {
  it('refuses a bad option at once, and a bad API name through ready and on requests', async () => {
    expect(() => jobtwinMiddleware({ start: 'yesterday' })).toThrow(/start: not a time/);
    const mw = jobtwinMiddleware({ apis: ['nope'] });
    await expect(mw.ready).rejects.toThrow(/nope/);
    const host = await listen(hostApp((app) => app.use(mw)));
    try {
      const res = await fetch(`${host.url}/anything`);
      expect(res.status).toBe(500); // express's error handler got the load error through next(error)
    } finally {
      await host.close();
      await mw.close();
    }
  });
});
