// lifecycle.cancel.via: a cancelled job waits in a state of its own before it is cancelled (OpenAI's
// cancelling), in plans, in what start-up checks and in what init guesses.
import { describe, expect, it } from 'vitest';
import { walkFrom, type PlanContext } from '../../src/core/lifecycle/plan.js';
import { createRng } from '../../src/rng/rng.js';
import { lifecycleProblems } from '../../src/spec/check-extension.js';
import { guessLifecycle } from '../../src/init/guess-lifecycle.js';
import type { Lifecycle, RootExtension, Simulation } from '../../src/spec/extension-types.js';

const lifecycle: Lifecycle = {
  states: ['queued', 'running', 'done', 'failed', 'cancelling', 'cancelled'],
  initial: 'queued',
  running: 'running',
  terminal: ['done', 'failed', 'cancelled'],
  transitions: { queued: ['running', 'cancelling'], running: ['done', 'failed', 'cancelling'], cancelling: ['cancelled'] },
  outcomes: { succeeded: 'done', failed: 'failed' },
  cancel: { allowed: ['queued', 'running', 'cancelling'], conflict: [], notFound: ['done', 'failed', 'cancelled'], via: 'cancelling', to: 'cancelled' },
  controlStates: [],
};
const simulation: Simulation = {
  durations: { queued: [100, 200], running: [1000, 2000], cancelling: [300, 400] },
  attemptFailureRate: 0,
  failureReasons: [],
};
const ext = (lc: Partial<Lifecycle>) => ({ lifecycle: { ...lifecycle, ...lc }, simulation }) as unknown as RootExtension;

describe('a cancel that goes through a state of its own', () => {
  it('waits there for its drawn time, then ends where a cancel ends', () => {
    const ctx: PlanContext = { lifecycle, simulation, rng: createRng(4), speed: 1 };
    const steps = walkFrom(ctx, 'cancelling', 1, 1000);
    expect(steps.map((s) => s.state)).toEqual(['cancelling', 'cancelled']);
    expect(steps[1].at - steps[0].at).toBeGreaterThanOrEqual(300);
    expect(steps[1].at - steps[0].at).toBeLessThanOrEqual(400);
  });

  it('must lead from every allowed state to it, and from it to `to`', () => {
    expect(lifecycleProblems(ext({}))).toEqual([]);
    expect(lifecycleProblems(ext({ transitions: { queued: ['running', 'cancelled'], running: ['done', 'failed', 'cancelling'] } }))).toEqual([
      '/lifecycle/transitions/queued: must allow "cancelling" (cancel)',
      '/lifecycle/transitions/cancelling: must allow "cancelled" (cancel)',
    ]);
    expect(lifecycleProblems(ext({ cancel: { ...lifecycle.cancel!, to: undefined, removes: true } }))).toContain(
      '/lifecycle/cancel/via: a job waits in via on its way to `to`: say `to: <state>`',
    );
    expect(lifecycleProblems(ext({ cancel: { ...lifecycle.cancel!, via: 'done' } }))).toContain(
      '/lifecycle/cancel/via: "done" must not be terminal: the job leaves it for "cancelled"',
    );
  });

  it('is guessed by jobtwin init from a name that reads as cancelling, where a cancel leads to cancelled', () => {
    const states = ['queued', 'running', 'done', 'failed', 'cancelling', 'cancelled'];
    const guess = guessLifecycle(states, { conflict: false });
    expect(guess.cancel).toEqual({
      allowed: ['queued', 'running', 'cancelling'],
      conflict: [],
      notFound: ['done', 'failed', 'cancelled'],
      to: 'cancelled',
      via: 'cancelling',
    });
    expect(guess.transitions).toEqual(lifecycle.transitions);
    expect(guess.unknown).toEqual([]);
    // without a cancel operation nothing leads there: the draft leaves it to place
    expect(guessLifecycle(states).unknown).toEqual(['cancelling']);
  });
});
