// A run that did not finish is not green: cut short by --time-limit-ms, stopped by SIGTERM/SIGINT (a CI
// step's timeout) or by --fail-fast, it says INCOMPLETE on the console, in JUnit and in JSON, names what
// did not run, and exits non-zero. Real processes, real signals, the real twin on loopback.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { waitFor } from '../helpers/cli.js';
import { runConformCli, startConform } from './conform-process.js';

describe('jobtwin conform: a run that did not finish', () => {
  let slow: RunningMock;
  let broken: Server;
  let brokenUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'jobtwin-incomplete-'));

  beforeAll(async () => {
    // real speed: a jobs job takes seconds, so a short time limit or a signal lands mid-run
    slow = await startMock({ apis: ['alchemyst'], clock: 'system', speed: 1, seed: 3 });
    broken = createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('boom'));
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await slow?.close();
    if (broken) await new Promise((r) => broken.close(r));
  });

  it('cut short by --time-limit-ms: INCOMPLETE everywhere, the phases and properties not run listed, exit 3', async () => {
    const junit = join(dir, 'limit.xml');
    const json = join(dir, 'limit.json');
    const r = await runConformCli([
      '--api',
      'alchemyst',
      '--target',
      slow.urls.alchemyst,
      '--token',
      'a',
      '--seed',
      '2',
      '--time-limit-ms',
      '2500',
      '--junit',
      junit,
      '--json',
      json,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).not.toMatch(/^PASSED$/m);
    expect(r.stdout).toMatch(/^INCOMPLETE: /m);
    // the phases overlap while they wait for jobs: the probe's job (seed 3) has not ended at 2.5 s
    expect(r.stdout).toMatch(/^incomplete: the run reached --time-limit-ms during the stateless and lifecycle phases/m);
    expect(r.stdout).toMatch(/^properties not run: stateless\/addContextAsync\/positive, /m);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.verdict).toBe('INCOMPLETE');
    expect(report.exitCode).toBe(3);
    expect(report.incomplete.reason).toBe('time-limit');
    expect(report.incomplete.phases).toEqual(['stateless', 'lifecycle']);
    expect(report.incomplete.phasesNotRun).toEqual([]);
    expect(report.incomplete.propertiesNotRun).toContain('stateless/checkStatusForParticularJobInAddContextAsync/malformed-id');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites [^>]*errors="1"/);
    expect(xml).toContain('<error message="INCOMPLETE: the run reached --time-limit-ms');
    expect(xml).toContain('stateless/addContextAsync/positive');
  }, 90_000);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stopped by ${signal} mid-run: writes both reports marked incomplete, names the phase, exits 128+N`, async () => {
      const junit = join(dir, `${signal}.xml`);
      const json = join(dir, `${signal}.json`);
      const run = startConform([
        '--api',
        'alchemyst',
        '--target',
        slow.urls.alchemyst,
        '--token',
        'a',
        '--seed',
        '3',
        '--phases',
        'examples,lifecycle',
        '--junit',
        junit,
        '--json',
        json,
      ]);
      await waitFor(() => /^phase: lifecycle$/m.test(run.stderr()), `the lifecycle phase:\n${run.stderr()}`, 60_000);
      run.child.kill(signal);
      const r = await run.exited;
      expect(r.code, r.stdout + r.stderr).toBe(signal === 'SIGTERM' ? 143 : 130);
      expect(r.stderr).not.toContain('during start-up');
      expect(r.stderr).toContain(`jobtwin: ${signal}: stopping during the lifecycle phase`);
      expect(r.stdout).toMatch(new RegExp(`^incomplete: the run was stopped by ${signal} during the lifecycle phase`, 'm'));
      expect(r.stdout).toMatch(/^INCOMPLETE: /m);
      const report = JSON.parse(readFileSync(json, 'utf8'));
      expect(report.verdict).toBe('INCOMPLETE');
      expect(report.incomplete).toMatchObject({ reason: 'signal', signal, phase: 'lifecycle' });
      expect(report.exchanges).toBeGreaterThan(0);
      expect(readFileSync(junit, 'utf8')).toContain(`INCOMPLETE: the run was stopped by ${signal} during the lifecycle phase`);
    }, 120_000);
  }

  it('--fail-fast (-x) stops at the first failure: reports written, what did not run listed, exit 1', async () => {
    const json = join(dir, 'x.json');
    const all = await runConformCli([
      '--api',
      'alchemyst',
      '--target',
      brokenUrl,
      '--token',
      'a',
      '--seed',
      '9',
      '--runs',
      '2',
      '--phases',
      'examples,stateless',
      '--json',
      join(dir, 'all.json'),
    ]);
    expect(all.code).toBe(1);
    const r = await runConformCli([
      '--api',
      'alchemyst',
      '--target',
      brokenUrl,
      '--token',
      'a',
      '--seed',
      '9',
      '--runs',
      '2',
      '--phases',
      'examples,stateless',
      '-x',
      '--json',
      json,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^FAILED: .*\(INCOMPLETE: not everything ran\)$/m);
    expect(r.stdout).toMatch(/^incomplete: --fail-fast stopped the run at the first failure/m);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const full = JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8'));
    expect(report.verdict).toBe('FAILED');
    expect(report.incomplete.reason).toBe('fail-fast');
    expect(report.incomplete.propertiesNotRun.length).toBeGreaterThan(0);
    expect(report.failures.length).toBeGreaterThan(0);
    expect(report.exchanges).toBeLessThan(full.exchanges);
  }, 90_000);
});
