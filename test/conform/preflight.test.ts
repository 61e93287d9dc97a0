// Before a run sends its cases: no token where every operation wants one, and a twin whose clock is
// frozen, stop it at once with one line (exit 2); one transient 503 on the first create is retried
// rather than costing the stateless phase its job. Real processes against the real twin on loopback.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { control } from '../helpers/cli.js';
import { runConformCli } from './conform-process.js';

describe('jobtwin conform: what is checked before the run', () => {
  let twin: RunningMock;
  let frozen: RunningMock;
  const dir = mkdtempSync(join(tmpdir(), 'jobtwin-preflight-'));

  beforeAll(async () => {
    twin = await startMock({ apis: ['alchemyst', 'crosmos', 'contextual', 'jobs'], clock: 'system', speed: 2000, seed: 5 });
    frozen = await startMock({ apis: ['jobs'], clock: 'frozen', seed: 5 });
  });
  afterAll(async () => {
    await twin?.close();
    await frozen?.close();
  });

  it.each(['alchemyst', 'crosmos', 'contextual', 'jobs'])(
    'no token against %s (every operation wants a bearer token): exit 2, one line naming --token and JOBTWIN_TOKEN',
    async (api) => {
      // `--token "$JOBTWIN_TOKEN"` with the variable unset passes an empty token: the same as none
      for (const extra of [[], ['--token', '']]) {
        const r = await runConformCli(['--api', api, '--target', twin.urls[api], ...extra]);
        expect(r.code, r.stdout + r.stderr).toBe(2);
        expect(r.stdout).toBe('');
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^jobtwin: .*--token.*JOBTWIN_TOKEN/);
      }
      // nothing was sent: the twin's journal holds no request to the API
      const journal = await control(twin.url, 'GET', `/journal?api=${api}`);
      expect(journal.body.entries).toEqual([]);
    },
    60_000,
  );

  it('a jobtwin target whose clock is frozen: said at once, with how to fix it, exit 2', async () => {
    const r = await runConformCli(['--api', 'jobs', '--target', frozen.urls.jobs, '--token', 'a']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^jobtwin: the target is a jobtwin twin whose clock is frozen.*--clock system.*\/__jobtwin\/clock\/resume/);
    // the examples alone do not wait for jobs: they run
    const examples = await runConformCli(['--api', 'jobs', '--target', frozen.urls.jobs, '--token', 'a', '--phases', 'examples']);
    expect(examples.code, examples.stdout + examples.stderr).toBe(0);
  }, 60_000);

  it('one 503 on the first create is retried: the stateless phase keeps its job, nothing is reported', async () => {
    const json = join(dir, 'probe.json');
    const fault = await control(twin.url, 'POST', '/faults', { kind: 'status', status: 503, api: 'jobs', method: 'POST', times: 1 });
    expect(fault.status).toBeLessThan(300);
    const r = await runConformCli([
      '--api',
      'jobs',
      '--target',
      twin.urls.jobs,
      '--token',
      'a',
      '--seed',
      '6',
      '--runs',
      '3',
      '--phases',
      'stateless',
      '--json',
      json,
    ]);
    expect(r.stderr).toMatch(/the first create \(\S+\) answered 503; trying again in \d+ ms \(2 of \d\)/);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.failures).toEqual([]);
    expect(report.skipped.map((s: { reason: string }) => s.reason).join('\n')).not.toContain('no job could be created');
    // the fault was used up by the probe: the twin answered it
    const journal = await control(twin.url, 'GET', '/journal?api=jobs&limit=1000');
    const entries: Array<{ status: number }> = journal.body.entries;
    expect(entries.filter((e) => e.status === 503)).toHaveLength(1);
  }, 60_000);
});
