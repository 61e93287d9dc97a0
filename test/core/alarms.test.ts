// Alarms at virtual times fire in order when the clock is moved or runs in real time, and the twin
// tells a job's state changes at the times its plan gives them, with nothing polling.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TwinClock } from '../../src/core/clock/clock.js';
import { Alarms, type RealTimers } from '../../src/core/clock/alarms.js';
import { Twin, type JobChange } from '../../src/core/twin.js';
import { loadApi } from '../../src/spec/load.js';

const TINY = join(import.meta.dirname, '../../fixtures/specs/tiny.openapi.yaml');
const T0 = Date.UTC(2026, 0, 1);

/** Real timers under the test's hand: `run()` fires the pending one as if its delay had passed. */
function manualTimers(): RealTimers & { pending: Array<{ fn: () => void; ms: number }>; run(): void } {
  const pending: Array<{ fn: () => void; ms: number }> = [];
  return {
    pending,
    setTimeout: (fn, ms) => {
      const t = { fn, ms };
      pending.push(t);
      return t;
    },
    clearTimeout: (handle) => {
      const i = pending.indexOf(handle as { fn: () => void; ms: number });
      if (i >= 0) pending.splice(i, 1);
    },
    run() {
      const t = pending.shift();
      t?.fn();
    },
  };
}

describe('alarms', () => {
  it('fire in time order, then in the order set, when the clock jumps past them', () => {
    const clock = new TwinClock({ start: T0, frozen: true });
    const alarms = new Alarms(clock, manualTimers());
    const fired: string[] = [];
    alarms.at(T0 + 300, (at) => fired.push(`c@${at - T0}`));
    alarms.at(T0 + 100, (at) => fired.push(`a@${at - T0}`));
    alarms.at(T0 + 300, (at) => fired.push(`d@${at - T0}`));
    alarms.at(T0 + 200, (at) => fired.push(`b@${at - T0}`));
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['a@100']);
    clock.advance(10_000);
    expect(fired).toEqual(['a@100', 'b@200', 'c@300', 'd@300']);
    expect(alarms.size).toBe(0);
  });

  it('fire alarms set while firing when they are already due, and skip cancelled ones', () => {
    const clock = new TwinClock({ start: T0, frozen: true });
    const alarms = new Alarms(clock, manualTimers());
    const fired: number[] = [];
    const dropped = alarms.at(T0 + 50, () => fired.push(-1));
    alarms.at(T0 + 100, (at) => {
      fired.push(at - T0);
      alarms.at(at + 100, (next) => fired.push(next - T0));
    });
    dropped.cancel();
    clock.set(T0 + 1000);
    expect(fired).toEqual([100, 200]);
  });

  it('fire one set for a time already passed on the next microtask, in time order with others so set', async () => {
    const clock = new TwinClock({ start: T0, frozen: true });
    const alarms = new Alarms(clock, manualTimers());
    const fired: number[] = [];
    alarms.at(T0, () => fired.push(0));
    alarms.at(T0 - 500, () => fired.push(-500));
    expect(fired).toEqual([]);
    await Promise.resolve();
    expect(fired).toEqual([-500, 0]);
  });

  it('wake on one real timer, armed for the earliest, while the clock runs', () => {
    let real = T0;
    const clock = new TwinClock({}, () => real);
    const timers = manualTimers();
    const alarms = new Alarms(clock, timers);
    const fired: number[] = [];
    alarms.at(T0 + 5000, (at) => fired.push(at - T0));
    alarms.at(T0 + 2000, (at) => fired.push(at - T0));
    expect(timers.pending).toHaveLength(1);
    expect(timers.pending[0].ms).toBe(2000);
    real = T0 + 2000;
    timers.run();
    expect(fired).toEqual([2000]);
    expect(timers.pending.map((t) => t.ms)).toEqual([3000]);
    // moving the clock forward fires the rest and leaves no timer behind
    clock.advance(3000);
    expect(fired).toEqual([2000, 5000]);
    expect(timers.pending).toHaveLength(0);
  });

  it('set no real timer while the clock is frozen, and arm one when it resumes', () => {
    let real = T0;
    const clock = new TwinClock({ start: T0, frozen: true }, () => real);
    const timers = manualTimers();
    const alarms = new Alarms(clock, timers);
    alarms.at(T0 + 1000, () => {});
    expect(timers.pending).toHaveLength(0);
    real = T0 + 60_000; // a frozen clock does not move with real time
    clock.resume();
    expect(timers.pending.map((t) => t.ms)).toEqual([1000]);
    clock.freeze();
    expect(timers.pending).toHaveLength(0);
  });
});

describe('the twin telling state changes', () => {
  it('tells each state a job enters, at its planned time, in time order across jobs', async () => {
    const api = await loadApi(TINY);
    const clock = new TwinClock({ start: T0, frozen: true });
    const twin = new Twin([api], clock, 1, 1);
    const seen: JobChange[] = [];
    twin.onChange((c) => seen.push(c));
    const a = twin.create(api, { tenant: 't', input: {}, overrides: { outcome: 'succeed', durations: { queued: 1000, running: 4000 } } });
    clock.advance(500);
    const b = twin.create(api, {
      tenant: 't',
      input: {},
      overrides: { outcome: 'fail', failures: 3, durations: { queued: 100, running: 1000, retrying: 200 } },
    });
    await Promise.resolve();
    expect(seen.map((c) => [c.job.id, c.from, c.to, c.at - T0])).toEqual([
      [a.id, null, 'queued', 0],
      [b.id, null, 'queued', 500],
    ]);
    seen.length = 0;
    clock.advance(60_000);
    const line = seen.map((c) => `${c.job === a ? 'a' : 'b'}:${c.to}@${c.at - T0}`);
    expect(line).toEqual([
      'b:running@600',
      'a:running@1000',
      'b:retrying@1600',
      'b:running@1800',
      'b:retrying@2800',
      'b:running@3000',
      'b:failed@4000',
      'a:done@5000',
    ]);
    expect(seen.every((c, i) => i === 0 || c.at >= seen[i - 1].at)).toBe(true);
  });

  it('tells a forced move at once and forgets the plan it replaced', async () => {
    const api = await loadApi(TINY);
    const clock = new TwinClock({ start: T0, frozen: true });
    const twin = new Twin([api], clock, 1, 1);
    const seen: string[] = [];
    twin.onChange((c) => seen.push(`${c.from}>${c.to}@${c.at - T0}`));
    const job = twin.create(api, { tenant: 't', input: {}, overrides: { outcome: 'succeed', durations: { queued: 1000, running: 4000 } } });
    clock.advance(200);
    twin.cancel(api, job);
    await Promise.resolve();
    clock.advance(60_000);
    expect(seen).toEqual(['null>queued@0', 'queued>cancelled@200']);
  });

  it('sets alarms only for the jobs a listener wants', async () => {
    const api = await loadApi(TINY);
    const clock = new TwinClock({ start: T0, frozen: true });
    const twin = new Twin([api], clock, 1, 1);
    const seen: string[] = [];
    twin.onChange(
      (c) => seen.push(c.to),
      (job) => (job.input as { name?: string }).name === 'watched',
    );
    twin.create(api, { tenant: 't', input: { name: 'other' }, overrides: { outcome: 'succeed' } });
    expect(twin.alarms.size).toBe(0);
    twin.create(api, { tenant: 't', input: { name: 'watched' }, overrides: { outcome: 'succeed', durations: { queued: 10, running: 10 } } });
    expect(twin.alarms.size).toBe(1);
    clock.advance(1000);
    expect(seen).toEqual(['queued', 'running', 'done']);
  });

  it('tells again, after a restart, the changes after a given time', async () => {
    const api = await loadApi(TINY);
    const clock = new TwinClock({ start: T0, frozen: true });
    const first = new Twin([api], clock, 1, 1);
    const job = first.create(api, { tenant: 't', input: {}, overrides: { outcome: 'succeed', durations: { queued: 1000, running: 1000 } } });
    clock.advance(5000);
    const second = new Twin([api], clock, 1, 1);
    const seen: string[] = [];
    second.onChange((c) => seen.push(`${c.to}@${c.at - T0}`));
    second.adopt({ ...job });
    second.rewatch(T0 + 500);
    await Promise.resolve();
    expect(seen).toEqual(['running@1000', 'done@2000']);
  });
});

describe('an alarm that throws', () => {
  it('is reported, and the clock still moves and fires the others', () => {
    const clock = new TwinClock({ start: T0, frozen: true });
    const errors: unknown[] = [];
    const alarms = new Alarms(clock, manualTimers(), (error) => errors.push(error));
    const fired: number[] = [];
    alarms.at(T0 + 1, () => {
      throw new Error('boom');
    });
    alarms.at(T0 + 2, (at) => fired.push(at - T0));
    expect(clock.advance(10)).toBe(T0 + 10);
    expect(fired).toEqual([2]);
    expect(errors).toHaveLength(1);
  });
});
