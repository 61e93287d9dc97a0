// A browser app on another origin drives all four APIs through the twin: real Chromium, real
// preflights (JSON bodies, Authorization, X-Jobtwin-Job), reads of error bodies and of the control clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type Harness } from '../helpers/twin.js';
import { browserUnavailable, launchChromium, servePage } from '../helpers/browser.js';

const why = browserUnavailable();
if (why) console.warn(`browser tests skipped: ${why}`);

describe.skipIf(why !== undefined)('a browser app on another origin', () => {
  let t: Harness;
  let page: Awaited<ReturnType<typeof servePage>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    t = await startTwin({ clock: 'frozen' });
    page = await servePage('<!doctype html><title>app</title><p>app</p>');
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await t?.close();
  });

  it('creates, polls, lists and cancels on all four APIs, reads errors, and moves the clock', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(page.url);
    const seen = await tab.evaluate(async (twin: string) => {
      const auth = { authorization: 'Bearer browser-user' };
      const json = { ...auth, 'content-type': 'application/json' };
      const call = async (path: string, init: RequestInit = {}) => {
        const res = await fetch(`${twin}${path}`, init);
        return { status: res.status, body: await res.json().catch(() => null), retryAfter: res.headers.get('retry-after') };
      };
      const out: Record<string, unknown> = {};
      // alchemyst: a pinned plan through X-Jobtwin-Job, a non-simple header: the browser preflights it
      const a = await call('/alchemyst/api/v1/context/add-async', {
        method: 'POST',
        headers: { ...json, 'x-jobtwin-job': 'queue=1s; run=2s' },
        body: JSON.stringify({ documents: [{ content: 'hi' }], source: 'app', context_type: 'resource', scope: 'internal' }),
      });
      out.alchemystCreate = a.status;
      const aid = (a.body as { jobId: string }).jobId;
      out.alchemystWaiting = (await call(`/alchemyst/api/v1/context/add-async/${aid}/status`, { headers: auth, credentials: 'include' })).body;
      out.alchemystList = (await call('/alchemyst/api/v1/context/add-async/status?type=all', { headers: auth })).status;
      // crosmos
      const c = await call('/crosmos/api/v1/sources', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ space_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', sources: [{ content: 'x' }] }),
      });
      out.crosmosCreate = c.status;
      out.crosmosStatus = (await call(`/crosmos/api/v1/jobs/${(c.body as { job_id: string }).job_id}`, { headers: auth })).status;
      // contextual: multipart with a file
      const form = new FormData();
      form.append('raw_file', new Blob(['%PDF-1.4 hello'], { type: 'application/pdf' }), 'doc.pdf');
      const p = await call('/contextual/v1/parse', { method: 'POST', headers: auth, body: form });
      out.contextualCreate = p.status;
      out.contextualStatus = (await call(`/contextual/v1/parse/jobs/${(p.body as { job_id: string }).job_id}/status`, { headers: auth })).body;
      // jobs
      const j = await call('/jobs/api/admin/prompts/preview', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ systemPrompt: 's', userPromptTemplate: 'u' }),
      });
      out.jobsCreate = j.status;
      const jid = (j.body as { data: { jobId: string } }).data.jobId;
      // errors are readable too
      out.unauthorized = await call(`/jobs/api/jobs/${jid}`);
      // the control interface, from the same page (a page on this machine)
      out.advance = (
        await call('/__jobtwin/clock/advance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: '1m' }) })
      ).status;
      out.alchemystAfter = (await call(`/alchemyst/api/v1/context/add-async/${aid}/status`, { headers: auth })).body;
      out.jobsAfter = (await call(`/jobs/api/jobs/${jid}`, { headers: auth })).body;
      out.cancelFinished = (await call(`/alchemyst/api/v1/context/add-async/${aid}/cancel`, { method: 'DELETE', headers: auth })).status;
      return out;
    }, t.url);
    expect(seen.alchemystCreate).toBe(201);
    expect(seen.alchemystWaiting).toMatchObject({ success: true, status: 'waiting' });
    expect(seen.alchemystList).toBe(200);
    expect(seen.crosmosCreate).toBe(202);
    expect(seen.crosmosStatus).toBe(200);
    expect(seen.contextualCreate).toBe(200);
    expect(seen.contextualStatus).toMatchObject({ status: 'pending', file_name: 'doc.pdf' });
    expect(seen.jobsCreate).toBe(202);
    expect(seen.unauthorized).toMatchObject({ status: 401, body: { statusCode: 401 } });
    expect(seen.advance).toBe(200);
    expect(seen.alchemystAfter).toMatchObject({ status: 'completed' });
    expect((seen.jobsAfter as { status: string }).status).toMatch(/^(COMPLETED|FAILED)$/);
    expect(seen.cancelFinished).toBe(404);
    const journal = (await t.control('GET', '/journal?limit=100')).body.entries as Array<{ method: string; preflight?: boolean }>;
    expect(journal.filter((e) => e.preflight).length).toBeGreaterThan(0);
    expect(journal.filter((e) => e.method === 'OPTIONS' && !e.preflight)).toEqual([]);
  }, 60_000);
});
