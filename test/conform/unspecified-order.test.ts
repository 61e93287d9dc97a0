// A correct target whose list has no documented order: Alchemyst's list grouped by state, as BullMQ
// answers it. Jobs change state while the suite walks the pages, so they move between groups and
// pages; list_consistency must set them aside rather than call them missing or listed twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGroupedByState, type RunningBroken } from '../../fixtures/broken/index.js';
import { runConformance } from '../../conformance/index.js';
import { formatFailure } from '../../conformance/report/console.js';

describe.each([1, 2])('a list grouped by state (BullMQ), seed %i', (seed) => {
  let target: RunningBroken;
  beforeAll(async () => {
    target = await startGroupedByState({ seed });
  });
  afterAll(() => target?.close());

  it('is walked page by page and found consistent', async () => {
    const result = await runConformance({
      api: 'alchemyst',
      target: target.target,
      token: 'tenant-a',
      otherToken: 'tenant-b',
      seed,
      runs: 6,
      maxWaitMs: 8000,
      requestTimeoutMs: 5000,
      phases: ['lifecycle'],
    });
    expect(result.failures.map((f, i) => formatFailure(f, i + 1)).join('\n\n')).toBe('');
    expect(result.checks.find((c) => c.name === 'list_consistency')!.judged).toBeGreaterThan(5);
    expect(result.exitCode).toBe(0);
  }, 60_000);
});
