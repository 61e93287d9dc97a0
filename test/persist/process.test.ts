// The command with --state-file as a real process: SIGKILL loses only what came after the last
// save; SIGTERM finishes the requests under way, saves everything and exits 0.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAN_RUN_AS_PID1, control, startCli, waitFor, type CliTwin } from '../helpers/cli.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const AUTH = { authorization: 'Bearer alice' };
const DOC = { documents: [{ content: 'hello' }], source: 'docs', context_type: 'resource', scope: 'internal' };

async function create(twin: CliTwin, directives: string): Promise<string> {
  const res = await fetch(`${twin.url}/alchemyst/api/v1/context/add-async`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json', 'x-jobtwin-job': directives },
    body: JSON.stringify(DOC),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { jobId: string }).jobId;
}

async function status(twin: CliTwin, id: string): Promise<[number, any]> {
  const res = await fetch(`${twin.url}/alchemyst/api/v1/context/add-async/${id}/status`, { headers: AUTH });
  return [res.status, await res.json()];
}

function header(file: string): any {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8').split('\n', 1)[0]);
}

/** Batch A, then (with a short period) its save, then batch B: what the two tests below stop the twin after. */
async function scenario(file: string, saveInterval: string) {
  const twin = await startCli(['--state-file', file, '--save-interval', saveInterval, '--clock', 'frozen', '--start', '2026-01-01T00:00:00Z', '--seed', '11']);
  const a = {
    active: await create(twin, 'queue=1s; run=5h'),
    retrying: await create(twin, 'failures=1; queue=100ms; run=400ms; backoff=5h'),
    waiting: await create(twin, 'queue=5h'),
  };
  await control(twin.url, 'PUT', '/tenants/broke', { simulate: 402 });
  await control(twin.url, 'POST', '/clock/advance', { by: 1500 });
  // The period's save of batch A (nothing changes after it, so no other save follows until batch B).
  if (saveInterval !== '1h')
    await waitFor(() => {
      const h = header(file);
      return h?.jobs === 3 && h.twin.clock.now === T0 + 1500 && h.twin.tenants.length === 1;
    }, 'the save of batch A');

  const b = [await create(twin, 'queue=5h'), await create(twin, 'queue=5h')];
  expect((await fetch(`${twin.url}/alchemyst/api/v1/context/add-async/${a.waiting}/cancel`, { method: 'DELETE', headers: AUTH })).status).toBe(200);
  await control(twin.url, 'DELETE', '/tenants/broke');
  await control(twin.url, 'PUT', '/tenants/nosy', { simulate: 403 });
  await control(twin.url, 'POST', '/clock/advance', { by: 5000 });
  return { twin, a, b };
}

describe('jobtwin mock --state-file (the process)', () => {
  it('after SIGKILL, resumes exactly the last save: batch A at its clock time; batch B, the cancel and the later moves are lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-kill-'));
    const file = join(dir, 'twin.state');
    const { twin, a, b } = await scenario(file, '400');
    expect(await twin.stop('SIGKILL')).toBe('SIGKILL');

    const again = await startCli(['--state-file', file]);
    expect(again.output()).toMatch(/\(seed 11, speed 1, clock frozen\)/);
    expect(again.output()).toMatch(/resumed 3 jobs saved at/);
    const clock = (await control(again.url, 'GET', '/clock')).body;
    expect(clock).toMatchObject({ now: T0 + 1500, frozen: true });
    const [active, retrying, waiting] = await Promise.all([status(again, a.active), status(again, a.retrying), status(again, a.waiting)]);
    expect(active).toMatchObject([200, { status: 'active', attemptsMade: 0 }]);
    expect(retrying).toMatchObject([200, { status: 'delayed', attemptsMade: 1 }]);
    expect(waiting).toMatchObject([200, { status: 'waiting' }]); // its cancel came after the save
    for (const id of b) expect((await status(again, id))[0]).toBe(404);
    expect((await control(again.url, 'GET', '/tenants')).body.tenants).toEqual([{ tenant: 'broke', simulate: 402 }]);
    expect((await control(again.url, 'GET', '/health')).body.jobs).toBe(3);
    // The sequence and seed were saved: the next job is the one batch B drew first.
    expect(await create(again, 'queue=5h')).toBe(b[0]);
    expect(await again.stop('SIGTERM')).toBe(0);
  });

  it('on SIGTERM, refuses new connections, finishes the request under way, saves everything (that request too) and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-term-'));
    const file = join(dir, 'twin.state');
    // No periodic save within the test: whatever is in the file at the end, the shutdown wrote.
    const { twin, a, b } = await scenario(file, '1h');
    expect(header(file)).toBeUndefined();
    await control(twin.url, 'POST', '/faults', { kind: 'latency', latencyMs: 700, method: 'POST', path: '*/add-async', times: 1 });
    const inFlight = create(twin, 'queue=5h');
    // A one-time rule is gone once a request took it: that request is now being held.
    await waitFor(async () => (await control(twin.url, 'GET', '/faults')).body.faults.length === 0, 'the slow request to arrive');
    const stopped = Date.now();
    const exit = twin.stop('SIGTERM');
    await twin.waitForOutput(/SIGTERM, stopping/);
    const refused = await new Promise<string>((resolve) => {
      get(`${twin.url}/__jobtwin/health`, { agent: false }, () => resolve('answered')).on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    const late = await inFlight; // answered 201 during the drain
    expect(await exit).toBe(0);
    // the drain's grace is 5 s: under it, the drain ended by itself
    expect(Date.now() - stopped).toBeLessThan(5000);
    expect(twin.output()).toMatch(/saved 5 jobs to .*twin\.state/);

    const again = await startCli(['--state-file', file]);
    expect((await control(again.url, 'GET', '/clock')).body).toMatchObject({ now: T0 + 6500, frozen: true });
    expect(await status(again, a.active)).toMatchObject([200, { status: 'active' }]);
    expect(await status(again, a.retrying)).toMatchObject([200, { status: 'delayed' }]);
    expect((await status(again, a.waiting))[0]).toBe(404); // cancelled: removed
    for (const id of [...b, late]) expect(await status(again, id)).toMatchObject([200, { status: 'waiting' }]);
    expect((await control(again.url, 'GET', '/tenants')).body.tenants).toEqual([{ tenant: 'nosy', simulate: 403 }]);
    expect((await control(again.url, 'GET', '/health')).body.jobs).toBe(5);
    expect((await control(again.url, 'GET', '/faults')).body.faults).toEqual([]); // faults are not kept
    expect(await again.stop('SIGINT')).toBe(0);
    expect(again.output()).toMatch(/twin\.state is up to date/);
  });

  // PID 1 gets no default action for SIGTERM or SIGINT: without handlers, `docker stop` would wait for its SIGKILL.
  it.runIf(CAN_RUN_AS_PID1)('as PID 1 (no shell, as in a container), SIGTERM still saves and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-pid1-'));
    const file = join(dir, 'twin.state');
    const twin = await startCli(['--state-file', file, '--save-interval', '1h', '--seed', '3'], { asPid1: true });
    const id = await create(twin, 'queue=5h');
    const stopped = Date.now();
    expect(await twin.stop('SIGTERM')).toBe(0);
    // the drain's grace is 5 s: under it, the drain ended by itself
    expect(Date.now() - stopped).toBeLessThan(5000);
    expect(twin.output()).toMatch(/saved 1 job to/);
    expect(readFileSync(file, 'utf8')).toContain(id);
  });
});
