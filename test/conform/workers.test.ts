// --workers N: the lifecycle command sequences run N property runs at a time, each with its own seed,
// failures and shrinking. A correct target still passes; a failure found by any of them replays alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/index.js';
import { runConformance } from '../../conformance/index.js';
import { startBroken, type RunningBroken } from '../../fixtures/broken/index.js';
import { runConformCli } from './conform-process.js';

const LIFECYCLE_CHECKS = ['lifecycle_states', 'lifecycle_transitions', 'lifecycle_timestamps', 'eventual_completion'];

describe('lifecycle sequences run concurrently', () => {
  let twin: RunningMock;
  let broken: RunningBroken;
  beforeAll(async () => {
    twin = await startMock({ apis: ['alchemyst'], clock: 'system', speed: 200, seed: 4 });
    broken = await startBroken('crosmos-back-to-pending');
  });
  afterAll(async () => {
    await twin?.close();
    await broken?.close();
  });

  it('a correct target passes with 3 workers, every lifecycle check judging', async () => {
    const result = await runConformance({
      api: 'alchemyst',
      target: twin.urls.alchemyst,
      token: 'tenant-a',
      otherToken: 'tenant-b',
      seed: 8,
      runs: 9,
      workers: 3,
      phases: ['lifecycle'],
      maxWaitMs: 10_000,
    });
    expect(result.failures.map((f) => `${f.check}: ${f.message}`)).toEqual([]);
    expect(result.exitCode).toBe(0);
    for (const name of LIFECYCLE_CHECKS) expect(result.checks.find((c) => c.name === name)!.judged, name).toBeGreaterThan(0);
  }, 120_000);

  it("a failure found by one worker replays alone, with that worker's seed", async () => {
    const options = {
      api: 'crosmos',
      target: broken.target,
      token: 'tenant-a',
      seed: 21,
      runs: 6,
      workers: 3,
      phases: ['lifecycle' as const],
      maxWaitMs: 8000,
    };
    const result = await runConformance(options);
    const failure = result.failures.find((f) => f.check === 'lifecycle_transitions');
    expect(failure, JSON.stringify(result.failures.map((f) => f.check))).toBeDefined();
    expect(failure!.replay).toMatch(/^lifecycle\/[^:]+\/commands:-?\d+:[\d:]+~/);
    expect(failure!.replay.split(':')[1]).toBe(String(failure!.seed));
    const again = await runConformance({ ...options, replay: failure!.replay });
    const replayed = again.failures.find((f) => f.check === 'lifecycle_transitions');
    expect(replayed?.replay).toBe(failure!.replay);
    expect(again.exitCode).toBe(1);
  }, 120_000);

  it('--workers takes a whole number above 0', async () => {
    const r = await runConformCli(['--api', 'alchemyst', '--target', twin.urls.alchemyst, '--token', 'a', '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^jobtwin: --workers: a whole number above 0/);
  }, 30_000);
});
