// Ordered paths per outcome (lifecycle.paths): the routes read off them, the walks they give, and
// plans without them kept exactly as they were drawn before paths existed.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drawPlan, walkFrom, type PlanContext } from '../../src/core/lifecycle/plan.js';
import { routesOf } from '../../src/core/lifecycle/routes.js';
import { longestLifetime } from '../../src/core/lifecycle/longest.js';
import { createRng } from '../../src/rng/rng.js';
import type { Lifecycle, Simulation } from '../../src/spec/extension-types.js';

const bull: Lifecycle = {
  states: ['waiting', 'active', 'delayed', 'completed', 'failed'],
  initial: 'waiting',
  running: 'active',
  terminal: ['completed', 'failed'],
  transitions: { waiting: ['active'], active: ['completed', 'failed', 'delayed'], delayed: ['waiting'] },
  outcomes: { succeeded: 'completed', failed: 'failed' },
  retry: { maxAttempts: 3, via: ['delayed', 'waiting'] },
  controlStates: [],
};
const bullSimulation: Simulation = {
  durations: { waiting: [100, 200], active: [1000, 2000], delayed: [300, 400] },
  attemptFailureRate: 0.3,
  failureReasons: ['boom', 'bang'],
};

// OpenAI's batches: validating → in_progress → finalizing → completed, failed while validating
const batch: Lifecycle = {
  states: ['validating', 'in_progress', 'finalizing', 'completed', 'failed', 'cancelling', 'cancelled', 'expired'],
  initial: 'validating',
  running: 'in_progress',
  terminal: ['completed', 'failed', 'cancelled', 'expired'],
  transitions: {
    validating: ['in_progress', 'failed', 'cancelling', 'expired'],
    in_progress: ['finalizing', 'failed', 'cancelling', 'expired'],
    finalizing: ['completed', 'failed', 'cancelling', 'expired'],
    cancelling: ['cancelled'],
  },
  outcomes: { succeeded: 'completed', failed: 'failed' },
  paths: {
    succeeded: ['validating', 'in_progress', 'finalizing', 'completed'],
    failed: ['validating', 'in_progress', 'failed'],
    rejected: ['validating', 'failed'],
  },
  cancel: { allowed: ['validating', 'in_progress', 'finalizing'], conflict: [], notFound: [], to: 'cancelled', via: 'cancelling' },
  controlStates: [],
};
const batchSimulation: Simulation = {
  durations: { validating: [1000, 2000], in_progress: [10_000, 20_000], finalizing: [3000, 4000], cancelling: [5000, 6000] },
  attemptFailureRate: 0.2,
  rejectRate: 0.3,
  failureReasons: ['bad input'],
};

const ctx = (lifecycle: Lifecycle, simulation: Simulation, seed: number, overrides?: PlanContext['overrides']): PlanContext => ({
  lifecycle,
  simulation,
  rng: createRng(seed),
  speed: 1,
  overrides,
});
const names = (steps: { state: string }[]) => steps.map((s) => s.state);

describe('routes', () => {
  it('reproduce the walk without paths: the initial state, then running', () => {
    expect(routesOf(bull)).toEqual({ pre: ['waiting'], post: { succeeded: [], failed: [], partial: [] } });
    expect(routesOf({ ...bull, initial: 'active' }).pre).toEqual([]);
  });

  it('read states before and after running, and where the rejected path leaves', () => {
    expect(routesOf(batch)).toEqual({
      pre: ['validating'],
      post: { succeeded: ['finalizing'], failed: [], partial: [] },
      rejected: { from: 'validating', to: ['failed'] },
    });
    const longer: Lifecycle = { ...batch, paths: { succeeded: ['a', 'b', 'in_progress', 'completed'], rejected: ['a', 'b', 'c', 'failed'] } };
    expect(routesOf(longer).pre).toEqual(['a', 'b']);
    expect(routesOf(longer).rejected).toEqual({ from: 'b', to: ['c', 'failed'] });
  });

  it('are read once per lifecycle', () => {
    expect(routesOf(batch)).toBe(routesOf(batch));
  });
});

describe('plans with paths', () => {
  it('keep plans without paths bit-identical to those drawn before paths existed', () => {
    const hash = createHash('sha256');
    for (let seed = 0; seed < 500; seed++) hash.update(JSON.stringify(drawPlan(ctx(bull, bullSimulation, seed))));
    expect(hash.digest('hex')).toBe('3f9734c76eeeba40518662ff506ff77b19b2979debef843fcb4f53ea9efb10f9');
    expect(drawPlan(ctx(bull, bullSimulation, 0))).toEqual([
      { at: 0, state: 'waiting', attempt: 0 },
      { at: 127, state: 'active', attempt: 1 },
      { at: 1350, state: 'delayed', attempt: 1, failure: 'boom' },
      { at: 1697, state: 'waiting', attempt: 1 },
      { at: 1852, state: 'active', attempt: 2 },
      { at: 3501, state: 'completed', attempt: 2 },
    ]);
  });

  it('keep plans bit-identical when the paths only say what the defaults do', () => {
    const spelled: Lifecycle = {
      ...bull,
      paths: { succeeded: ['waiting', 'active', 'completed'], failed: ['waiting', 'active', 'failed'] },
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        expect(drawPlan(ctx(spelled, bullSimulation, seed))).toEqual(drawPlan(ctx(bull, bullSimulation, seed)));
      }),
    );
  });

  it('pass finalizing on the way to success, each state held for its dwell', () => {
    const steps = drawPlan(ctx(batch, batchSimulation, 1, { outcome: 'succeed', durations: { validating: 1000, in_progress: 10_000, finalizing: 3000 } }));
    expect(steps).toEqual([
      { at: 0, state: 'validating', attempt: 0 },
      { at: 1000, state: 'in_progress', attempt: 1 },
      { at: 11_000, state: 'finalizing', attempt: 1 },
      { at: 14_000, state: 'completed', attempt: 1 },
    ]);
  });

  it('reject before running, without counting an attempt, with a reason', () => {
    const steps = drawPlan(ctx(batch, batchSimulation, 1, { outcome: 'reject', durations: { validating: 1500 } }));
    expect(steps).toEqual([
      { at: 0, state: 'validating', attempt: 0 },
      { at: 1500, state: 'failed', attempt: 0, failure: 'bad input' },
    ]);
  });

  it('reject at about the declared rate, and never under another outcome', () => {
    let rejected = 0;
    for (let seed = 0; seed < 2000; seed++) {
      const steps = drawPlan(ctx(batch, batchSimulation, seed));
      if (!names(steps).includes('in_progress')) rejected++;
      expect(names(drawPlan(ctx(batch, batchSimulation, seed, { outcome: 'fail' })))).toContain('in_progress');
    }
    expect(rejected / 2000).toBeGreaterThan(0.25);
    expect(rejected / 2000).toBeLessThan(0.35);
  });

  it('only ever make declared transitions and end in a terminal state', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const steps = drawPlan(ctx(batch, batchSimulation, seed));
        for (let i = 1; i < steps.length; i++) expect(batch.transitions[steps[i - 1].state]).toContain(steps[i].state);
        expect(batch.terminal).toContain(steps[steps.length - 1].state);
        expect(steps[steps.length - 1].at).toBeLessThanOrEqual(longestLifetime(batch, batchSimulation));
      }),
    );
  });

  it('go from the cancel state to the cancel end after its dwell', () => {
    const steps = walkFrom(ctx(batch, batchSimulation, 3), 'cancelling', 1, 4000);
    expect(names(steps)).toEqual(['cancelling', 'cancelled']);
    expect(steps[1].at - 4000).toBeGreaterThanOrEqual(5000);
    expect(steps[1].at - 4000).toBeLessThanOrEqual(6000);
  });

  it('go on from a post state entered by a forced move', () => {
    expect(names(walkFrom(ctx(batch, batchSimulation, 3), 'finalizing', 1, 0))).toEqual(['finalizing', 'completed']);
  });

  it("pass the failed path's states after the last attempt, the reason on the first", () => {
    const lc: Lifecycle = {
      ...batch,
      states: [...batch.states, 'failing'],
      transitions: { ...batch.transitions, in_progress: [...batch.transitions.in_progress, 'failing'], failing: ['failed'] },
      paths: { ...batch.paths, failed: ['validating', 'in_progress', 'failing', 'failed'] },
    };
    const steps = drawPlan(ctx(lc, { ...batchSimulation, durations: { ...batchSimulation.durations, failing: [10, 10] } }, 1, { outcome: 'fail' }));
    expect(names(steps)).toEqual(['validating', 'in_progress', 'failing', 'failed']);
    expect(steps[2].failure).toBe('bad input');
    expect(steps[3].at - steps[2].at).toBe(10);
  });
});
