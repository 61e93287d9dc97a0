// A state after the run that both the success and the failure paths pass (OpenAI's finalizing):
// a job that failed its run goes through it and still ends failed.
import { describe, expect, it } from 'vitest';
import { drawPlan, type PlanContext } from '../../src/core/lifecycle/plan.js';
import { createRng } from '../../src/rng/rng.js';
import type { Lifecycle, Simulation } from '../../src/spec/extension-types.js';

const lifecycle = {
  states: ['validating', 'in_progress', 'finalizing', 'completed', 'failed'],
  initial: 'validating',
  running: 'in_progress',
  terminal: ['completed', 'failed'],
  transitions: { validating: ['in_progress', 'failed'], in_progress: ['finalizing', 'failed'], finalizing: ['completed', 'failed'] },
  outcomes: { succeeded: 'completed', failed: 'failed' },
  paths: { succeeded: ['validating', 'in_progress', 'finalizing', 'completed'], failed: ['validating', 'in_progress', 'finalizing', 'failed'] },
  controlStates: [],
} as unknown as Lifecycle;
const simulation: Simulation = {
  durations: { validating: [10, 20], in_progress: [100, 200], finalizing: [30, 40] },
  attemptFailureRate: 0.5,
  failureReasons: ['boom'],
};
const ctx = (seed: number, overrides?: PlanContext['overrides']): PlanContext => ({ lifecycle, simulation, rng: createRng(seed), speed: 1, overrides });

describe('a post-run state shared by success and failure', () => {
  it('leads a failed run to failed and a successful one to completed', () => {
    expect(drawPlan(ctx(1, { outcome: 'fail' })).map((s) => s.state)).toEqual(['validating', 'in_progress', 'finalizing', 'failed']);
    expect(drawPlan(ctx(1, { outcome: 'succeed' })).map((s) => s.state)).toEqual(['validating', 'in_progress', 'finalizing', 'completed']);
    for (let seed = 0; seed < 100; seed++) {
      const steps = drawPlan(ctx(seed));
      const failed = steps.some((s) => s.failure !== undefined);
      expect(steps.at(-1)!.state).toBe(failed ? 'failed' : 'completed');
    }
  });
});
