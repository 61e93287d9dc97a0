// lifecycle.rejection: a job refused before it runs (OpenAI's batch failing in validating) ends in
// outcomes.failed with no attempt made, drawn with simulation.rejectionRate or asked for (outcome reject).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drawPlan, type PlanContext } from '../../src/core/lifecycle/plan.js';
import { createRng } from '../../src/rng/rng.js';
import { lifecycleProblems } from '../../src/spec/check-extension.js';
import { parseJobHeader } from '../../src/mock/job-header.js';
import type { Lifecycle, RootExtension, Simulation } from '../../src/spec/extension-types.js';

const lifecycle: Lifecycle = {
  states: ['validating', 'in_progress', 'completed', 'failed'],
  initial: 'validating',
  running: 'in_progress',
  terminal: ['completed', 'failed'],
  transitions: { validating: ['in_progress', 'failed'], in_progress: ['completed', 'failed'] },
  outcomes: { succeeded: 'completed', failed: 'failed' },
  rejection: { in: 'validating' },
  controlStates: [],
};
const simulation: Simulation = {
  durations: { validating: [100, 200], in_progress: [1000, 2000] },
  attemptFailureRate: 0,
  failureReasons: ['run failed'],
  rejectionRate: 0.5,
  rejectionReasons: ['bad input file'],
};
const ctx = (seed: number, overrides?: PlanContext['overrides'], sim = simulation): PlanContext => ({
  lifecycle,
  simulation: sim,
  rng: createRng(seed),
  speed: 1,
  overrides,
});

describe('a job refused before it runs', () => {
  it('fails in the rejection state with no attempt and a rejection reason, or runs as usual', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const steps = drawPlan(ctx(seed));
        const states = steps.map((s) => s.state).join(' ');
        seen.add(states);
        if (states === 'validating failed') expect(steps[1]).toMatchObject({ attempt: 0, failure: 'bad input file' });
        else expect(states).toBe('validating in_progress completed');
      }),
    );
    expect(seen.size).toBe(2);
  });

  it('is asked for with outcome reject, and never drawn with rate 0 or another outcome asked for', () => {
    expect(drawPlan(ctx(1, { outcome: 'reject' })).map((s) => s.state)).toEqual(['validating', 'failed']);
    for (let seed = 0; seed < 50; seed++) {
      expect(drawPlan(ctx(seed, { outcome: 'succeed' })).at(-1)!.state).toBe('completed');
      expect(drawPlan(ctx(seed, undefined, { ...simulation, rejectionRate: 0 })).map((s) => s.state)).toContain('in_progress');
    }
  });

  it('must be a declared way to failed, and is refused as an outcome where the API declares none', () => {
    const ext = (lc: Partial<Lifecycle>, sim: Partial<Simulation> = {}) =>
      ({ lifecycle: { ...lifecycle, ...lc }, simulation: { ...simulation, ...sim } }) as unknown as RootExtension;
    expect(lifecycleProblems(ext({}))).toEqual([]);
    expect(lifecycleProblems(ext({ transitions: { validating: ['in_progress'], in_progress: ['completed', 'failed'] } }))).toEqual([
      '/lifecycle/transitions/validating: must allow "failed" (rejection)',
    ]);
    expect(lifecycleProblems(ext({ rejection: undefined }))).toContain(
      '/simulation/rejectionRate: declare lifecycle.rejection (the state a job is refused in) first',
    );
    expect(parseJobHeader('outcome=reject', { ...lifecycle, rejection: undefined })).toBe(
      'x-jobtwin-job: this API refuses no job before it runs (no lifecycle.rejection)',
    );
    expect(parseJobHeader('outcome=reject', lifecycle)).toEqual({ overrides: { outcome: 'reject' } });
  });
});
