// jobtwin/msw with MSW's real setupServer and fetch: the twin answers intercepted requests without a
// port, keeps its own clock under the test's fake timers, and leaves other requests to other handlers.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { jobtwinHandlers, type JobtwinHandlers } from '../../src/embed/msw.js';
import { AUTH, T0, alchemystStatus, createAlchemystJob } from './helpers.js';

describe('jobtwin/msw with setupServer', () => {
  let handlers: JobtwinHandlers;
  let server: ReturnType<typeof setupServer>;

  beforeAll(async () => {
    handlers = await jobtwinHandlers({ apis: ['alchemyst', 'contextual'], baseUrl: 'https://twin.test', seed: 9, start: T0 });
    server = setupServer(
      ...handlers,
      // the host's own handler, reached for what is not the twin's
      http.get('https://twin.test/own', () => HttpResponse.json({ own: true })),
    );
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await fetch(`${handlers.twin.controlUrl}/reset`, { method: 'POST' });
  });
  afterAll(async () => {
    server?.close();
    await handlers?.twin.close();
  });

  it('runs the lifecycle: create, status, the twin’s clock moved, status again', async () => {
    const base = `${handlers.twin.urls.alchemyst}/api/v1`;
    expect(base).toBe('https://twin.test/alchemyst/api/v1');
    const id = await createAlchemystJob(base);
    expect(await alchemystStatus(base, id)).toBe('waiting');
    handlers.twin.advance('1500ms');
    expect(await alchemystStatus(base, id)).toBe('active');
    const moved = await fetch(`${handlers.twin.controlUrl}/clock/advance`, { method: 'POST', body: JSON.stringify({ by: '3s' }) });
    expect((await moved.json()).now).toBe(T0 + 4500);
    expect(await alchemystStatus(base, id)).toBe('completed');
  });

  it('answers under fake timers, and only the twin’s own control moves its clock', async () => {
    const base = `${handlers.twin.urls.alchemyst}/api/v1`;
    const id = await createAlchemystJob(base);
    vi.useFakeTimers();
    expect(await alchemystStatus(base, id)).toBe('waiting');
    vi.advanceTimersByTime(60_000); // the test's time: not the twin's
    expect(await alchemystStatus(base, id)).toBe('waiting');
    expect(handlers.twin.clock.now()).toBe(T0);
    handlers.twin.advance('5s');
    expect(await alchemystStatus(base, id)).toBe('completed');
  });

  it('waits out a latency fault in real time under fake timers, instead of hanging', async () => {
    vi.useFakeTimers();
    await fetch(`${handlers.twin.controlUrl}/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency', latencyMs: 30, times: 1 }) });
    await fetch(`${handlers.twin.controlUrl}/faults`, { method: 'POST', body: JSON.stringify({ kind: 'status', status: 503, times: 1 }) });
    // No vi.advanceTimersByTime: the delay is not on the test's fake clock.
    const res = await fetch(`${handlers.twin.urls.alchemyst}/api/v1/context/add-async/status`, { headers: AUTH });
    expect(res.status).toBe(503);
  });

  it('takes a multipart body through the same pipeline', async () => {
    const form = new FormData();
    form.append('raw_file', new Blob(['%PDF-1.4 hello'], { type: 'application/pdf' }), 'a.pdf');
    form.append('parse_mode', 'standard');
    const created = await fetch(`${handlers.twin.urls.contextual}/parse`, { method: 'POST', headers: AUTH, body: form });
    expect(created.status).toBe(200);
    const { job_id } = await created.json();
    const status = await fetch(`${handlers.twin.urls.contextual}/parse/jobs/${job_id}/status`, { headers: AUTH });
    expect(await status.json()).toMatchObject({ status: 'pending' });
    const bad = await fetch(`${handlers.twin.urls.contextual}/parse`, { method: 'POST', headers: AUTH, body: new FormData() });
    expect(bad.status).toBe(422);
  });

  it('answers errors in the API’s envelope and drops a connection as a network error', async () => {
    const unauthorised = await fetch(`${handlers.twin.urls.alchemyst}/api/v1/context/add-async/status`);
    expect(unauthorised.status).toBe(401);
    await fetch(`${handlers.twin.controlUrl}/faults`, { method: 'POST', body: JSON.stringify({ kind: 'drop', times: 1 }) });
    await expect(fetch(`${handlers.twin.urls.alchemyst}/api/v1/context/add-async/status`, { headers: AUTH })).rejects.toThrow();
  });

  it('leaves requests that are not the twin’s to the other handlers', async () => {
    expect(await (await fetch('https://twin.test/own')).json()).toEqual({ own: true });
  });
});
