// Save, then load into a new twin: every job answers the same, at the same clock time, and the
// twin's later draws (ids, plans) continue as if it had never stopped.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, StateFileError, type RunningMock } from '../../src/index.js';
import { BUNDLED_APIS } from '../../src/spec/bundled.js';
import { control } from '../helpers/cli.js';

const AUTH = { authorization: 'Bearer alice' };
const DOC = { documents: [{ content: 'hello' }], source: 'docs', context_type: 'resource', scope: 'internal' };
const running: RunningMock[] = [];
const start = async (options: Parameters<typeof startMock>[0]) => {
  const twin = await startMock(options);
  running.push(twin);
  return twin;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.close()));
});

async function createAlchemyst(twin: RunningMock, directives: string): Promise<string> {
  const res = await fetch(`${twin.urls.alchemyst}/api/v1/context/add-async`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json', 'x-jobtwin-job': directives },
    body: JSON.stringify(DOC),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { jobId: string }).jobId;
}

/** Everything a client or a test can read of the twin, apart from uptime. */
async function answers(twin: RunningMock, ids: { alchemyst: string[] }) {
  const list = await control(twin.url, 'GET', '/jobs?limit=10000');
  const details = await Promise.all(list.body.jobs.map((j: any) => control(twin.url, 'GET', `/jobs/${j.api}/${j.id}`).then((r) => r.body)));
  const statuses = await Promise.all(
    ids.alchemyst.map((id) =>
      fetch(`${twin.urls.alchemyst}/api/v1/context/add-async/${id}/status`, { headers: AUTH }).then(async (r) => [r.status, await r.json()]),
    ),
  );
  const publicList = await fetch(`${twin.urls.alchemyst}/api/v1/context/add-async/status?type=all&limit=100`, { headers: AUTH }).then((r) => r.json());
  const contextual = await fetch(`${twin.urls.contextual}/parse/jobs?limit=100`, { headers: AUTH }).then((r) => r.json());
  const broke = await fetch(`${twin.urls.alchemyst}/api/v1/context/add-async/status?type=all`, { headers: { authorization: 'Bearer broke' } });
  const { uptimeMs: _uptime, ...health } = (await control(twin.url, 'GET', '/health')).body;
  // A frozen clock's offset from real time grows with real time: its reading is what must match.
  const { offsetMs: _offset, ...clock } = (await control(twin.url, 'GET', '/clock')).body;
  return {
    clock,
    tenants: (await control(twin.url, 'GET', '/tenants')).body,
    list: list.body,
    details,
    statuses,
    publicList,
    contextual,
    broke: [broke.status, await broke.json()],
    health,
  };
}

describe('state file: save and load in-process', () => {
  it('gives identical answers after a reload, and continues the same draws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-state-'));
    const file = join(dir, 'twin.state');
    const a = await start({ seed: 7, stateFile: file, start: '2026-01-01T00:00:00Z', saveInterval: 60_000 });

    // Every state of every API, made by the control interface.
    for (const name of BUNDLED_APIS) {
      for (const state of a.twin.api(name)!.ext.lifecycle.states) {
        expect((await control(a.url, 'POST', '/jobs', { api: name, tenant: 'alice', state })).status).toBe(201);
      }
      expect((await control(a.url, 'POST', '/jobs', { api: name, tenant: 'bob', count: 25 })).status).toBe(201);
    }
    // A job that fails once and is retrying when saved, one running, one that will be cancelled.
    const retrying = await createAlchemyst(a, 'failures=1; queue=1s; run=3s; backoff=5h');
    const active = await createAlchemyst(a, 'queue=1s; run=5h');
    const cancelled = await createAlchemyst(a, 'queue=5h');
    a.advance(4500);
    const cancel = await fetch(`${a.urls.alchemyst}/api/v1/context/add-async/${cancelled}/cancel`, { method: 'DELETE', headers: AUTH });
    expect(cancel.status).toBe(200);
    // Contextual has no public cancel: the control interface's moves it to "cancelled".
    const parse = (await control(a.url, 'POST', '/jobs', { api: 'contextual', tenant: 'alice', state: 'processing' })).body;
    expect((await control(a.url, 'POST', `/jobs/contextual/${parse.id}/cancel`)).status).toBe(200);
    expect((await control(a.url, 'PUT', '/tenants/broke', { simulate: 402 })).status).toBe(200);
    expect((await control(a.url, 'PUT', '/tenants/nosy', { simulate: 403 })).status).toBe(200);
    expect((await control(a.url, 'PUT', '/clock/speed', { speed: 4 })).status).toBe(200);
    a.advance('90m');

    const ids = { alchemyst: [retrying, active, cancelled] };
    const before = await answers(a, ids);
    expect(before.statuses.map(([, body]: any) => body.status ?? body)).toEqual(['delayed', 'active', expect.anything()]);
    expect(before.statuses[2][0]).toBe(404);
    expect(before.broke[0]).toBe(402);
    const report = await a.save();
    expect(report?.jobs).toBe(before.health.jobs);

    // A copy of this save, for a twin that resumes while the first one keeps going.
    const copy = join(dir, 'copy.state');
    copyFileSync(file, copy);
    const nextA = await createAlchemyst(a, 'queue=1s');
    const nextDetailA = (await control(a.url, 'GET', `/jobs/alchemyst/${nextA}`)).body;
    a.advance('10s');
    const laterA = await answers(a, ids);

    // Options other than the file are the saved ones now: seed, speed and clock come from it.
    const b = await start({ seed: 99, speed: 1, stateFile: copy, start: '2030-01-01T00:00:00Z' });
    expect(await answers(b, ids)).toEqual(before);
    const nextB = await createAlchemyst(b, 'queue=1s');
    expect(nextB).toBe(nextA);
    expect((await control(b.url, 'GET', `/jobs/alchemyst/${nextB}`)).body).toEqual(nextDetailA);
    b.advance('10s');
    expect(await answers(b, ids)).toEqual(laterA);
  });

  it('saves at close only what changed, and a missing file is a fresh start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-state-'));
    const file = join(dir, 'fresh.state');
    const a = await start({ apis: ['jobs'], stateFile: file, saveInterval: '1h' });
    expect(a.twin.jobCount).toBe(0);
    await control(a.url, 'POST', '/jobs', { api: 'jobs', tenant: 't', count: 3 });
    await a.close();
    const b = await start({ apis: ['jobs'], stateFile: file });
    expect(b.twin.jobCount).toBe(3);
    expect(await b.save()).toMatchObject({ jobs: 3 });
  });

  it('refuses a file saved for other APIs, without starting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobtwin-state-'));
    const file = join(dir, 'jobs.state');
    const a = await start({ apis: ['jobs'], stateFile: file });
    await a.close();
    await expect(startMock({ apis: ['crosmos'], stateFile: file })).rejects.toThrow(StateFileError);
    await expect(startMock({ apis: ['crosmos'], stateFile: file })).rejects.toThrow(/saved by a twin serving jobs; this one serves crosmos/);
  });
});
