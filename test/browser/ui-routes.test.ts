// The web view's files and the specs over plain HTTP: content types, the CSP and caching headers,
// the token rules, and the journal's bounded bodies the page shows.
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';
import { startMock, type RunningMock } from '../../src/index.js';
import { bundledSpecPath } from '../../src/spec/bundled.js';
import { BODY_EXCERPT_CHARS } from '../../src/mock/journal.js';
import { SCRIPT } from '../../src/mock/control/ui/script.js';

const CREATE = '/alchemyst/api/v1/context/add-async';
const createBody = (content: string) => ({ documents: [{ content }], source: 'docs', context_type: 'resource', scope: 'internal' });

describe('the web view and the specs over HTTP', () => {
  let t: Harness;
  let guarded: RunningMock;
  beforeAll(async () => {
    t = await startTwin();
    guarded = await startMock({ apis: ['jobs'], controlToken: 'ui-t0ken', clock: 'frozen' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await guarded?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}${path}`, { headers, redirect: 'manual' });

  it('serves the page, its module and its stylesheet with their types, no-cache and a self-only CSP', async () => {
    for (const [path, type] of [
      ['/__jobtwin/ui/', 'text/html; charset=utf-8'],
      ['/__jobtwin/ui/app.js', 'text/javascript; charset=utf-8'],
      ['/__jobtwin/ui/app.css', 'text/css; charset=utf-8'],
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).toContain("connect-src 'self'");
      expect(csp, path).not.toMatch(/unsafe|https?:|\*/);
      const text = await res.text();
      expect(text.length, path).toBeGreaterThan(500);
      // Revalidation is cheap: the same version answers 304.
      const again = await get(path, { 'if-none-match': res.headers.get('etag')! });
      expect(again.status, path).toBe(304);
    }
    const html = await (await get('/__jobtwin/ui/')).text();
    expect(html).toContain('<script type="module" src="app.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="app.css">');
    // Nothing inline and nothing from elsewhere: the CSP would refuse it.
    expect(html).not.toMatch(/<script>|<style|\sstyle="|\son[a-z]+="|src="https?:|href="https?:/);
  });

  it('ships a script that parses, even where no browser runs the page tests', async () => {
    // The module imports nothing, so its body parses as a function's.
    expect(() => new Function(SCRIPT)).not.toThrow();
    expect(await (await get('/__jobtwin/ui/app.js')).text()).toBe(SCRIPT);
  });

  it('redirects to the page, and answers an unknown file 404 in the control envelope', async () => {
    const bare = await get('/__jobtwin/ui');
    expect(bare.status).toBe(308);
    // relative references, so they hold wherever the twin is mounted (see test/embed/middleware.test.ts)
    expect(new URL(bare.headers.get('location')!, `${t.url}/__jobtwin/ui`).href).toBe(`${t.url}/__jobtwin/ui/`);
    const root = await get('/__jobtwin/', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(root.status).toBe(302);
    expect(new URL(root.headers.get('location')!, `${t.url}/__jobtwin/`).href).toBe(`${t.url}/__jobtwin/ui/`);
    const rootBare = await get('/__jobtwin', { accept: 'text/html' });
    expect(new URL(rootBare.headers.get('location')!, `${t.url}/__jobtwin`).href).toBe(`${t.url}/__jobtwin/ui/`);
    // A JSON client still gets the list of routes.
    const rootJson = await get('/__jobtwin/', { accept: 'application/json' });
    expect(rootJson.status).toBe(404);
    expect((await rootJson.json()).error.message).toContain('GET /specs');
    const missing = await get('/__jobtwin/ui/nope.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('lists the specs with their lifecycles and links', async () => {
    const res = await get('/__jobtwin/specs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const { specs } = await res.json();
    expect(specs.map((s: { name: string }) => s.name)).toEqual(['alchemyst', 'crosmos', 'contextual', 'jobs']);
    const alchemyst = specs[0];
    expect(alchemyst).toMatchObject({
      file: 'alchemyst.openapi.yaml',
      mount: '/alchemyst',
      json: '/__jobtwin/specs/alchemyst',
      yaml: '/__jobtwin/specs/alchemyst.yaml',
      lifecycle: { initial: 'waiting', running: 'active', outcomes: { succeeded: 'completed', failed: 'failed' } },
    });
    expect(alchemyst.lifecycle.states).toContain('delayed');
  });

  it('serves each spec as written, in JSON or YAML', async () => {
    for (const name of ['alchemyst', 'crosmos', 'contextual', 'jobs']) {
      const file = await readFile(bundledSpecPath(name)!, 'utf8');
      const json = await get(`/__jobtwin/specs/${name}`);
      expect(json.status).toBe(200);
      expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(json.headers.get('cache-control')).toBe('no-cache');
      expect(await json.json()).toEqual(yaml.load(file, { schema: yaml.CORE_SCHEMA }));
      for (const path of [`/__jobtwin/specs/${name}.yaml`, `/__jobtwin/specs/${name}?format=yaml`]) {
        const res = await get(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type'), path).toBe('application/yaml; charset=utf-8');
        expect(await res.text(), path).toBe(file);
      }
    }
    const explicit = await get('/__jobtwin/specs/jobs.json');
    expect(explicit.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers an unknown spec 404 and an unknown format 400', async () => {
    for (const path of ['/__jobtwin/specs/nope', '/__jobtwin/specs/nope.yaml']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.message).toContain('alchemyst, crosmos, contextual, jobs');
    }
    const xml = await get('/__jobtwin/specs/jobs?format=xml');
    expect(xml.status).toBe(400);
    expect((await xml.json()).error.message).toContain('json or yaml');
    const both = await get('/__jobtwin/specs/jobs.yaml?format=json');
    expect(both.status).toBe(400);
  });

  it('serves the page without the control token, and the specs only with it', async () => {
    const page = await fetch(`${guarded.url}/__jobtwin/ui/`);
    expect(page.status).toBe(200);
    const specs = await fetch(`${guarded.url}/__jobtwin/specs`);
    expect(specs.status).toBe(401);
    const withToken = await fetch(`${guarded.url}/__jobtwin/specs/jobs`, { headers: { 'x-jobtwin-token': 'ui-t0ken' } });
    expect(withToken.status).toBe(200);
  });

  it('journals request and response bodies, each cut at the bound', async () => {
    await t.control('DELETE', '/journal');
    const small = await t.call('POST', CREATE, { body: createBody('hello') });
    expect(small.status).toBe(201);
    const long = 'x'.repeat(BODY_EXCERPT_CHARS * 2);
    const big = await t.call('POST', CREATE, { body: createBody(long) });
    expect(big.status).toBe(201);
    const { entries } = (await t.control('GET', '/journal?limit=2')).body;
    const [bigEntry, smallEntry] = entries;
    expect(JSON.parse(smallEntry.request.text)).toEqual(createBody('hello'));
    expect(smallEntry.request).toMatchObject({ contentType: 'application/json', truncated: false });
    expect(JSON.parse(smallEntry.response.text)).toEqual(small.body);
    const fullRequest = JSON.stringify(createBody(long));
    expect(bigEntry.request).toMatchObject({ truncated: true, length: fullRequest.length, text: fullRequest.slice(0, BODY_EXCERPT_CHARS) });
    expect(bigEntry.response.truncated).toBe(false);
    // A poll without a body journals only its answer.
    await t.call('GET', `${CREATE}/${small.body.jobId}/status`);
    const [poll] = (await t.control('GET', '/journal?limit=1')).body.entries;
    expect(poll.request).toBeUndefined();
    expect(JSON.parse(poll.response.text)).toMatchObject({ status: 'waiting' });
  });
});
