// The longest lifetime the dwell times allow bounds every plan the twin draws, and is reached when every
// attempt fails after the longest dwell: the suite's default wait rests on it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drawPlan } from '../../src/core/lifecycle/plan.js';
import { longestLifetime } from '../../src/core/lifecycle/longest.js';
import { createRng } from '../../src/rng/rng.js';
import { loadApis } from '../../src/spec/resolve.js';
import type { Simulation } from '../../src/spec/extension-types.js';
import { defaultMaxWait, MIN_MAX_WAIT_MS } from '../../conformance/runner/max-wait.js';

const apis = await loadApis({ apis: ['alchemyst', 'crosmos', 'contextual', 'jobs'] });

/** every range at its top: the dwell drawn is always the longest */
const atTop = (ranges: Record<string, [number, number]> | undefined) =>
  ranges && Object.fromEntries(Object.entries(ranges).map(([s, r]) => [s, [r[1], r[1]] as [number, number]]));

describe.each(apis.map((a) => [a.name, a] as const))('%s', (_, api) => {
  const { lifecycle, simulation } = api.ext;
  const longest = longestLifetime(lifecycle, simulation);

  it('bounds every drawn plan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const steps = drawPlan({ lifecycle, simulation, rng: createRng(seed), speed: 1 });
        expect(steps.at(-1)!.at).toBeLessThanOrEqual(longest);
      }),
    );
  });

  it('is reached when every attempt fails after the longest dwells', () => {
    const worst: Simulation = { ...simulation, durations: atTop(simulation.durations)!, retryDurations: atTop(simulation.retryDurations) };
    const steps = drawPlan({ lifecycle, simulation: worst, rng: createRng(1), speed: 1, overrides: { outcome: 'fail', failures: 99 } });
    expect(steps.at(-1)).toMatchObject({ at: longest, state: lifecycle.outcomes.failed });
  });

  it('sets the suite default wait: a quarter over it, two minutes at least', () => {
    expect(defaultMaxWait(api)).toBe(Math.max(MIN_MAX_WAIT_MS, Math.ceil(longest * 1.25)));
  });
});

it('Contextual: three attempts of up to 45 s after up to 5 s queued, 10 s between: 160 s, waited 200 s', () => {
  const contextual = apis.find((a) => a.name === 'contextual')!;
  expect(longestLifetime(contextual.ext.lifecycle, contextual.ext.simulation)).toBe(160_000);
  expect(defaultMaxWait(contextual)).toBe(200_000);
});

it('a cancel through a timed state adds its longest dwell: a job cancelled just before it would end takes that much longer', async () => {
  const [batch] = await loadApis({ specs: ['fixtures/specs/batch-lifecycle.openapi.yaml'] });
  const { lifecycle, simulation } = batch.ext;
  const without = longestLifetime({ ...lifecycle, cancel: { ...lifecycle.cancel!, via: undefined } }, simulation);
  expect(longestLifetime(lifecycle, simulation)).toBe(without + 30_000);
  // and a plan drawn to be cancelled at the last moment of its longest run ends within it
  const worst: Simulation = { ...simulation, durations: atTop(simulation.durations)! };
  const steps = drawPlan({ lifecycle, simulation: worst, rng: createRng(1), speed: 1, overrides: { outcome: 'succeed' } });
  expect(steps.at(-1)!.at + 30_000).toBeLessThanOrEqual(longestLifetime(lifecycle, simulation));
});
