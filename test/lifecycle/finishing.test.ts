// lifecycle.finishing: the states a successful attempt passes before its outcome (OpenAI's
// finalizing), in plans, in forced moves, in what start-up checks and in what init guesses.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drawPlan, walkFrom, type PlanContext } from '../../src/core/lifecycle/plan.js';
import { createRng } from '../../src/rng/rng.js';
import { lifecycleProblems } from '../../src/spec/check-extension.js';
import { guessLifecycle } from '../../src/init/guess-lifecycle.js';
import type { Lifecycle, RootExtension, Simulation } from '../../src/spec/extension-types.js';

const lifecycle: Lifecycle = {
  states: ['validating', 'in_progress', 'finalizing', 'completed', 'failed'],
  initial: 'validating',
  running: 'in_progress',
  finishing: ['finalizing'],
  terminal: ['completed', 'failed'],
  transitions: { validating: ['in_progress'], in_progress: ['finalizing', 'failed'], finalizing: ['completed'] },
  outcomes: { succeeded: 'completed', failed: 'failed' },
  controlStates: [],
};
const simulation: Simulation = {
  durations: { validating: [100, 200], in_progress: [1000, 2000], finalizing: [300, 400] },
  attemptFailureRate: 0.4,
  failureReasons: ['boom'],
};
const ctx = (seed: number, overrides?: PlanContext['overrides']): PlanContext => ({ lifecycle, simulation, rng: createRng(seed), speed: 1, overrides });

describe('finishing states', () => {
  it('come between a successful run and its outcome, for their drawn time; a failure skips them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const steps = drawPlan(ctx(seed));
        const states = steps.map((s) => s.state);
        if (states.at(-1) === 'completed') {
          expect(states).toEqual(['validating', 'in_progress', 'finalizing', 'completed']);
          const dwell = steps[3].at - steps[2].at;
          expect(dwell).toBeGreaterThanOrEqual(300);
          expect(dwell).toBeLessThanOrEqual(400);
        } else expect(states).toEqual(['validating', 'in_progress', 'failed']);
      }),
    );
  });

  it('take a fixed dwell from the overrides, and a forced move into one goes on to success', () => {
    const steps = drawPlan(ctx(1, { outcome: 'succeed', durations: { validating: 10, in_progress: 100, finalizing: 50 } }));
    expect(steps.map((s) => [s.state, s.at])).toEqual([
      ['validating', 0],
      ['in_progress', 10],
      ['finalizing', 110],
      ['completed', 160],
    ]);
    const forced = walkFrom(ctx(2, { durations: { finalizing: 70 } }), 'finalizing', 1, 500);
    expect(forced.map((s) => [s.state, s.at, s.attempt])).toEqual([
      ['finalizing', 500, 1],
      ['completed', 570, 1],
    ]);
  });

  it('must be declared transitions, and neither terminal nor the running state', () => {
    const ext = (lc: Partial<Lifecycle>) => ({ lifecycle: { ...lifecycle, ...lc }, simulation }) as unknown as RootExtension;
    expect(lifecycleProblems(ext({}))).toEqual([]);
    expect(lifecycleProblems(ext({ transitions: { validating: ['in_progress'], in_progress: ['completed', 'failed'] } }))).toEqual([
      '/lifecycle/transitions/in_progress: must allow "finalizing" (finishing)',
      '/lifecycle/transitions/finalizing: must allow "completed" (success)',
    ]);
    expect(lifecycleProblems(ext({ finishing: ['completed'] }))).toContain('/lifecycle/finishing/0: "completed" must be neither terminal, running nor initial');
  });

  it('are guessed by jobtwin init from names that read as finishing (finalizing)', () => {
    const guess = guessLifecycle(['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled'], { conflict: false });
    expect(guess.finishing).toEqual(['finalizing']);
    expect(guess.transitions.in_progress).toEqual(['finalizing', 'failed', 'cancelling']);
    expect(guess.transitions.finalizing).toEqual(['completed', 'cancelling']);
    expect(guess.cancel?.allowed).toContain('finalizing');
  });
});
