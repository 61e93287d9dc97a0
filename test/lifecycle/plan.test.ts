import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countedAttempts, drawPlan, walkFrom, type PlanContext } from '../../src/core/lifecycle/plan.js';
import { snapshotAt } from '../../src/core/lifecycle/snapshot.js';
import { createRng } from '../../src/rng/rng.js';
import type { Lifecycle, Simulation } from '../../src/spec/extension-types.js';

const lifecycle: Lifecycle = {
  states: ['waiting', 'active', 'delayed', 'completed', 'failed'],
  initial: 'waiting',
  running: 'active',
  terminal: ['completed', 'failed'],
  transitions: { waiting: ['active'], active: ['completed', 'failed', 'delayed'], delayed: ['waiting'] },
  outcomes: { succeeded: 'completed', failed: 'failed' },
  retry: { maxAttempts: 3, via: ['delayed', 'waiting'] },
  controlStates: [],
};
const simulation: Simulation = {
  durations: { waiting: [100, 200], active: [1000, 2000], delayed: [300, 400] },
  attemptFailureRate: 0.3,
  failureReasons: ['boom'],
};
const ctx = (seed: number, overrides?: PlanContext['overrides'], speed = 1): PlanContext => ({ lifecycle, simulation, rng: createRng(seed), speed, overrides });
const terminal = new Set(lifecycle.terminal);

describe('plans', () => {
  it('only ever makes declared transitions, with attempts within the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const steps = drawPlan(ctx(seed));
        expect(steps[0]).toEqual({ at: 0, state: 'waiting', attempt: 0 });
        for (let i = 1; i < steps.length; i++) {
          expect(lifecycle.transitions[steps[i - 1].state]).toContain(steps[i].state);
          expect(steps[i].at).toBeGreaterThanOrEqual(steps[i - 1].at);
          expect(steps[i].attempt).toBeGreaterThanOrEqual(steps[i - 1].attempt);
          expect(steps[i].attempt).toBeLessThanOrEqual(3);
        }
        expect(terminal.has(steps[steps.length - 1].state)).toBe(true);
      }),
    );
  });

  it('is a pure function of the seed', () => {
    expect(drawPlan(ctx(42))).toEqual(drawPlan(ctx(42)));
  });

  it('fails N times then succeeds, going through the retry states', () => {
    const steps = drawPlan(ctx(1, { failures: 2, outcome: 'succeed' }));
    expect(steps.map((s) => `${s.state}:${s.attempt}`)).toEqual([
      'waiting:0',
      'active:1',
      'delayed:1',
      'waiting:1',
      'active:2',
      'delayed:2',
      'waiting:2',
      'active:3',
      'completed:3',
    ]);
    expect(steps.filter((s) => s.failure).length).toBe(2);
  });

  it('fails for good at the attempts limit', () => {
    const steps = drawPlan(ctx(1, { outcome: 'fail' }));
    expect(steps[steps.length - 1]).toMatchObject({ state: 'failed', attempt: 3, failure: 'boom' });
  });

  it('never finishes when told', () => {
    const steps = drawPlan(ctx(1, { outcome: 'never' }));
    expect(steps[steps.length - 1].state).toBe('active');
  });

  it('takes fixed durations and divides drawn ones by the speed', () => {
    const fixed = drawPlan(ctx(1, { outcome: 'succeed', durations: { waiting: 5, active: 7 } }));
    expect(fixed.map((s) => s.at)).toEqual([0, 5, 12]);
    const slow = drawPlan(ctx(9, { outcome: 'succeed' }));
    const fast = drawPlan(ctx(9, { outcome: 'succeed' }, 10));
    expect(fast[2].at).toBeCloseTo(slow[2].at / 10, -1);
  });

  it('derives the state, attempts and times at any instant', () => {
    const steps = drawPlan(ctx(1, { failures: 1, outcome: 'succeed', durations: { waiting: 10, active: 100, delayed: 50 } }));
    // waiting 0-10, active 10-110 (fails), delayed 110-160, waiting 160-170, active 170-270, completed 270
    const at = (t: number) => snapshotAt(steps, t, 'active', terminal);
    expect(at(5)).toMatchObject({ state: 'waiting', attempt: 0, startedAt: null, finishedAt: null, failedReason: null });
    expect(at(50)).toMatchObject({ state: 'active', attempt: 1, startedAt: 10, failedReason: null });
    expect(at(120)).toMatchObject({ state: 'delayed', attempt: 1, startedAt: 10, failedReason: 'boom' });
    expect(at(200)).toMatchObject({ state: 'active', attempt: 2, startedAt: 170 });
    expect(at(1e9)).toMatchObject({ state: 'completed', attempt: 2, startedAt: 170, finishedAt: 270, runMs: 100 });
  });

  it('continues from a state entered later', () => {
    const steps = walkFrom(ctx(3, { outcome: 'succeed' }), 'delayed', 1, 500);
    expect(steps.map((s) => s.state)).toEqual(['delayed', 'waiting', 'active', 'completed']);
    expect(steps[0].at).toBe(500);
    expect(steps[3].attempt).toBe(2);
  });
  it('counts attempts as declared: started by default, ended as BullMQ does', () => {
    const steps = drawPlan(ctx(1, { failures: 1, outcome: 'succeed', durations: { waiting: 10, active: 100, delayed: 50 } }));
    const shown = (lc: Lifecycle) => steps.map((s) => `${s.state}:${countedAttempts(lc, s.attempt, s.state)}`);
    expect(shown(lifecycle)).toEqual(['waiting:0', 'active:1', 'delayed:1', 'waiting:1', 'active:2', 'completed:2']);
    expect(shown({ ...lifecycle, attempts: 'ended' })).toEqual(['waiting:0', 'active:0', 'delayed:1', 'waiting:1', 'active:1', 'completed:2']);
    const failed = drawPlan(ctx(1, { outcome: 'fail' }));
    expect(countedAttempts({ ...lifecycle, attempts: 'ended' }, failed[failed.length - 1].attempt, 'failed')).toBe(3);
  });

  it('takes the declared retry-path dwell over the first queue wait, and the back-off from the job', () => {
    const sim: Simulation = { ...simulation, retryDurations: { waiting: [0, 0] } };
    const steps = drawPlan({
      lifecycle,
      simulation: sim,
      rng: createRng(1),
      speed: 1,
      overrides: { failures: 1, outcome: 'succeed', durations: { waiting: 10, active: 100 }, backoff: 50 },
    });
    // waiting 0-10, active 10-110 (fails), delayed 110-160, waiting 160-160, active 160-260
    expect(steps.map((s) => `${s.state}@${s.at}`)).toEqual(['waiting@0', 'active@10', 'delayed@110', 'waiting@160', 'active@160', 'completed@260']);
    expect(snapshotAt(steps, 160, 'active', terminal).state).toBe('active');
  });
});
