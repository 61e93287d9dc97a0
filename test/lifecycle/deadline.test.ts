// lifecycle.deadline: a job not ended some time after its creation ends in the deadline's state then
// (OpenAI's 24h completion window), whatever it was drawn to do later.
import { describe, expect, it } from 'vitest';
import { drawPlan, withDeadline, type PlanContext, type Step } from '../../src/core/lifecycle/plan.js';
import { createRng } from '../../src/rng/rng.js';
import { lifecycleProblems } from '../../src/spec/check-extension.js';
import type { Lifecycle, RootExtension, Simulation } from '../../src/spec/extension-types.js';

const lifecycle: Lifecycle = {
  states: ['queued', 'running', 'done', 'failed', 'expired'],
  initial: 'queued',
  running: 'running',
  terminal: ['done', 'failed'],
  transitions: { queued: ['running'], running: ['done', 'failed'] },
  outcomes: { succeeded: 'done', failed: 'failed' },
  controlStates: ['expired'],
  deadline: { after: 10_000, to: 'expired' },
};
const simulation: Simulation = { durations: { queued: [1000, 2000], running: [3000, 4000] }, attemptFailureRate: 0, failureReasons: [] };
const ctx = (overrides?: PlanContext['overrides']): PlanContext => ({ lifecycle, simulation, rng: createRng(9), speed: 1, overrides });
const states = (steps: Step[]) => steps.map((s) => [s.state, s.at]);

describe('a deadline', () => {
  it('leaves a job that ends in time as drawn', () => {
    const steps = drawPlan(ctx({ durations: { queued: 1000, running: 3000 } }));
    expect(states(steps)).toEqual([
      ['queued', 0],
      ['running', 1000],
      ['done', 4000],
    ]);
  });

  it('ends a job still running at the deadline there, and one that would end later too', () => {
    expect(states(drawPlan(ctx({ outcome: 'never', durations: { queued: 1000 } })))).toEqual([
      ['queued', 0],
      ['running', 1000],
      ['expired', 10_000],
    ]);
    expect(states(drawPlan(ctx({ durations: { queued: 1000, running: 20_000 } })))).toEqual([
      ['queued', 0],
      ['running', 1000],
      ['expired', 10_000],
    ]);
  });

  it('keeps its attempts, and does nothing without a declared deadline', () => {
    const cut = withDeadline(lifecycle, [
      { at: 0, state: 'queued', attempt: 0 },
      { at: 5000, state: 'running', attempt: 1 },
    ]);
    expect(cut.at(-1)).toEqual({ at: 10_000, state: 'expired', attempt: 1 });
    const steps = [{ at: 0, state: 'queued', attempt: 0 }];
    expect(withDeadline({ ...lifecycle, deadline: undefined }, steps)).toBe(steps);
  });

  it('must end in a terminal or control state', () => {
    const ext = (deadline: Lifecycle['deadline']) => ({ lifecycle: { ...lifecycle, deadline }, simulation }) as unknown as RootExtension;
    expect(lifecycleProblems(ext({ after: 1, to: 'expired' }))).toEqual([]);
    expect(lifecycleProblems(ext({ after: 1, to: 'queued' }))).toEqual([
      '/lifecycle/deadline/to: "queued" must be terminal or a control state: a job past its deadline ends there',
    ]);
  });
});
