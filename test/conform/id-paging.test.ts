// jobtwin conform on a list paged by the last item's id (fixtures/specs/vendor30/list-batch, OpenAI's
// shape): it passes the spec's own twin, walking every page and a window of creation times, and fails
// each broken paging target with the check that target breaks.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../conformance/index.js';
import type { RunResult } from '../../conformance/runner/types.js';
import { BROKEN_TARGETS, startBroken, type RunningBroken } from '../../fixtures/broken/index.js';
import { PAGING_TARGETS } from '../../fixtures/broken/paging.js';
import { conformOwnTwin } from '../helpers/own-twin-conformance.js';

const DIR = join(import.meta.dirname, '../../fixtures/specs/vendor30');
const SPEC = join(DIR, 'list-batch.openapi.yaml');
const OVERLAY = join(DIR, 'list-batch.overlay.yaml');

const OPTIONS = { token: 'tenant-a', otherToken: 'tenant-b', seed: 1, runs: 4, maxWaitMs: 8000, requestTimeoutMs: 3000, timeLimitMs: 60_000 };

describe('id paging under jobtwin conform', () => {
  it('passes the twin, judging its pages and its window', { timeout: 120_000 }, async () => {
    const run = await conformOwnTwin(SPEC, [OVERLAY]);
    expect(run.failures).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.judged.list_paging).toBeGreaterThan(0);
    expect(run.judged.list_window).toBeGreaterThan(0);
  });

  it('registers the paging targets in the catalogue, each on the fixture spec', () => {
    for (const t of PAGING_TARGETS) expect(BROKEN_TARGETS.find((b) => b.name === t.name)?.spec?.file).toBe(SPEC);
  });

  describe.each(PAGING_TARGETS)('$name', (target) => {
    let running: RunningBroken;
    let result: RunResult;
    beforeAll(async () => {
      running = await startBroken(target.name);
      result = await runConformance({ ...OPTIONS, spec: SPEC, overlays: [OVERLAY], target: running.target });
    }, 120_000);
    afterAll(() => running?.close());

    it(`trips ${target.catches.join(', ')}`, () => {
      const fired = new Set(result.failures.map((f) => f.check));
      const all = result.failures.map((f) => `${f.check}: ${f.message}`).join('\n');
      for (const check of target.catches) expect(fired.has(check), all).toBe(true);
      expect(result.exitCode).toBe(1);
    });
  });
});
