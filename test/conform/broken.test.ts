// The conformance suite against the catalogue of broken targets: each must trip the checks it
// targets; and against the twin itself, which must trip none. The runs go a few at a time (each
// target has its own twin and ports), in beforeAll: all at once would starve a 2-core machine; the
// deadline is generous because some targets hold runs to their time limit on a loaded machine.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { BROKEN_TARGETS, startBroken } from '../../fixtures/broken/index.js';
import type { ConformOptions, RunResult } from '../../conformance/runner/types.js';

const HAVE_SUITE = existsSync(new URL('../../conformance/index.ts', import.meta.url));
const APIS = ['alchemyst', 'crosmos', 'contextual', 'jobs'];
const SEEDS = [1, 2];

const OPTIONS = {
  token: 'tenant-a',
  otherToken: 'tenant-b',
  seed: 1,
  runs: 5,
  maxWaitMs: 8000,
  requestTimeoutMs: 3000,
  timeLimitMs: 60_000,
} satisfies Partial<ConformOptions>;

type Outcome = { result?: RunResult; error?: unknown };
const broken = new Map<string, Outcome>();
const clean = new Map<string, Outcome>();

async function settle(run: () => Promise<RunResult>): Promise<Outcome> {
  try {
    return { result: await run() };
  } catch (error) {
    return { error };
  }
}

function describeFailures(result: RunResult): string {
  return result.failures.map((f) => `${f.check} ×${f.count}: ${f.operation}: ${f.message}`).join('\n') || '(no failures)';
}

/** Runs the tasks with at most `width` in flight. */
async function pool(tasks: Array<() => Promise<void>>, width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) await tasks[next++]();
    }),
  );
}

beforeAll(async () => {
  if (!HAVE_SUITE) return;
  const { runConformance } = await import('../../conformance/index.js');
  const brokenRuns = BROKEN_TARGETS.map((t) => async () => {
    broken.set(
      t.name,
      await settle(async () => {
        const running = await startBroken(t.name);
        try {
          const api = t.spec ? { spec: t.spec.file, overlays: t.spec.overlays } : { api: t.api };
          return await runConformance({ ...OPTIONS, ...running.options, ...api, target: running.target });
        } finally {
          await running.close();
        }
      }),
    );
  });
  // the twin itself, straight (no proxy), at the speed the broken targets use
  const cleanRuns = APIS.flatMap((api) =>
    SEEDS.map((seed) => async () => {
      clean.set(
        `${api} ${seed}`,
        await settle(async () => {
          const twin = await startMock({ apis: [api], port: 0, seed, speed: 200, clock: 'system' });
          try {
            return await runConformance({ ...OPTIONS, seed, api, target: twin.urls[api] });
          } finally {
            await twin.close();
          }
        }),
      );
    }),
  );
  await pool([...cleanRuns, ...brokenRuns], 4);
}, 600_000);

afterAll(() => {
  broken.clear();
  clean.clear();
});

describe('the conformance suite against broken targets', () => {
  for (const target of BROKEN_TARGETS) {
    it.skipIf(!HAVE_SUITE)(`${target.name} (${target.api}) trips ${target.catches.join(', ')}`, () => {
      const outcome = broken.get(target.name)!;
      if (outcome.error) throw outcome.error;
      const result = outcome.result!;
      const fired = new Set(result.failures.map((f) => f.check));
      for (const check of target.catches) expect(fired.has(check), `${check} did not fire; failures:\n${describeFailures(result)}`).toBe(true);
      expect(result.exitCode).toBe(1);
    });
  }
});

describe('the conformance suite against the twin itself', () => {
  for (const api of APIS) {
    for (const seed of SEEDS) {
      it.skipIf(!HAVE_SUITE)(`${api}, seed ${seed}: no failures`, () => {
        const outcome = clean.get(`${api} ${seed}`)!;
        if (outcome.error) throw outcome.error;
        const result = outcome.result!;
        expect(result.failures.length, describeFailures(result)).toBe(0);
        expect(result.timedOut).toBe(false);
        expect(result.exitCode).toBe(0);
      });
    }
  }
});
