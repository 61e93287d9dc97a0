// The suite on a spec with vendor lifecycles (fixtures/specs/batch-lifecycle.openapi.yaml): the twin
// passes it, with the path, cancel, deadline and data removal checks judging.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { runConformance } from '../../conformance/index.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';

const SPEC = join(import.meta.dirname, '../../fixtures/specs/batch-lifecycle.openapi.yaml');

const describeFailures = (failures: Array<{ check: string; message: string }>) => failures.map((f) => `${f.check}: ${f.message}`).join('\n');

describe('the suite on vendor lifecycles', () => {
  it('passes the twin, judging paths and the cancel through cancelling', async () => {
    const run = await conformOwnTwin(SPEC, []);
    expect(run.failures).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.judged.lifecycle_paths).toBeGreaterThan(0);
    expect(run.judged.cancel_semantics).toBeGreaterThan(0);
    // the clock moved to just before and just past the hour after which a batch's output is removed
    expect(run.judged.data_removal).toBe(2);
  }, 120_000);

  it('passes the twin at a speed where the requested deadline ends jobs', async () => {
    // at speed 5 a batch takes 1–3 s: a Cancel-After of 1 s ends most of them
    const twin = await startMock({ specs: [SPEC], clock: 'system', speed: 5, seed: 5 });
    try {
      const result = await runConformance({
        spec: SPEC,
        target: Object.values(twin.urls)[0],
        token: 'tenant-a',
        otherToken: 'tenant-b',
        seed: 3,
        runs: 3,
        maxWaitMs: 10_000,
        checks: ['deadline', 'cancel_semantics', 'lifecycle_paths', 'lifecycle_transitions', 'attempts_bounds', 'eventual_completion'],
      });
      expect(describeFailures(result.failures)).toBe('');
      expect(result.checks.find((c) => c.name === 'deadline')!.judged).toBe(1);
    } finally {
      await twin.close();
    }
  }, 120_000);
});

// The broken vendor lifecycles (fixtures/broken/lifecycle-paths.ts) are in the catalogue that
// test/conform/broken.test.ts runs the suite against, each held to tripping its checks there.
