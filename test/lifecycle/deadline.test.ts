// Deadlines read off a create request, the earliest of them, and a plan cut where one passes.
import { describe, expect, it } from 'vitest';
import { cutAtDeadline, deadlineOf, durationMs, requestedMs } from '../../src/core/lifecycle/deadline.js';
import { parseJobHeader } from '../../src/mock/job-header.js';
import type { Lifecycle } from '../../src/spec/extension-types.js';
import type { Step } from '../../src/core/lifecycle/plan.js';

const lifecycle: Lifecycle = {
  states: ['queued', 'running', 'finalizing', 'done', 'failed', 'cancelling', 'cancelled', 'expired', 'aborted'],
  initial: 'queued',
  running: 'running',
  terminal: ['done', 'failed', 'cancelled', 'expired', 'aborted'],
  transitions: {},
  outcomes: { succeeded: 'done', failed: 'failed' },
  cancel: { allowed: ['queued'], conflict: [], notFound: [], to: 'cancelled', via: 'cancelling' },
  deadlines: [
    { after: '24h', param: { in: 'body', name: 'window' }, to: 'expired' },
    { param: { in: 'header', name: 'Cancel-After', unit: 'ms' }, to: 'cancelled', started: 'aborted' },
  ],
  controlStates: [],
};
const ends = new Set(lifecycle.terminal);
const source = (header?: unknown, body?: unknown) => ({ header: () => header, body: () => body });

describe('deadlines', () => {
  it('read durations as declared and as a request gives them', () => {
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs(1500)).toBe(1500);
    expect(requestedMs('90s')).toBe(90_000);
    expect(requestedMs('90')).toBe(90_000);
    expect(requestedMs(90, 'ms')).toBe(90);
    expect(requestedMs('1.5h')).toBe(5_400_000);
    for (const bad of ['soon', '', '-5', '1h 30m', '5x', null, {}]) expect(requestedMs(bad)).toBeNaN();
  });

  it('take the fixed window without a request value, and the earliest of all', () => {
    expect(deadlineOf(lifecycle, 1000, source())).toEqual({ at: 1000 + 86_400_000, rule: 0 });
    expect(deadlineOf(lifecycle, 1000, source(undefined, '2h'))).toEqual({ at: 1000 + 7_200_000, rule: 0 });
    expect(deadlineOf(lifecycle, 1000, source('5000', '2h'))).toEqual({ at: 6000, rule: 1 });
    expect(deadlineOf({ ...lifecycle, deadlines: undefined }, 1000, source('5000'))).toBeUndefined();
  });

  it('say what a bad request value is', () => {
    expect(deadlineOf(lifecycle, 0, source('later'))).toBe(
      'header Cancel-After must be a duration such as 90s, 24h or 1h30m, or a number of milliseconds (got "later")',
    );
  });

  it('cut a plan: to before running, started after, nothing once ended or cancelling', () => {
    const steps: Step[] = [
      { at: 0, state: 'queued', attempt: 0 },
      { at: 1000, state: 'running', attempt: 1 },
      { at: 5000, state: 'finalizing', attempt: 1 },
      { at: 6000, state: 'done', attempt: 1 },
    ];
    expect(cutAtDeadline(lifecycle, steps, 500, 1, 0, ends).map((s) => `${s.at}:${s.state}`)).toEqual(['0:queued', '500:cancelled']);
    expect(cutAtDeadline(lifecycle, steps, 5500, 1, 0, ends).map((s) => `${s.at}:${s.state}`)).toEqual([
      '0:queued',
      '1000:running',
      '5000:finalizing',
      '5500:aborted',
    ]);
    expect(cutAtDeadline(lifecycle, steps, 5500, 0, 0, ends).at(-1)).toEqual({ at: 5500, state: 'expired', attempt: 1 });
    expect(cutAtDeadline(lifecycle, steps, 6000, 1, 0, ends)).toBe(steps);
    // a deadline already past when the walk began is left alone
    expect(cutAtDeadline(lifecycle, steps, 500, 1, 800, ends)).toBe(steps);
    const cancelling: Step[] = [
      { at: 0, state: 'queued', attempt: 0 },
      { at: 100, state: 'cancelling', attempt: 0 },
      { at: 9000, state: 'cancelled', attempt: 0 },
    ];
    expect(cutAtDeadline(lifecycle, cancelling, 500, 1, 0, ends)).toBe(cancelling);
  });
});

describe('outcome=reject', () => {
  it('is taken where a rejected path is declared, and named only there', () => {
    const withPath = { ...lifecycle, paths: { rejected: ['queued', 'failed'] } };
    expect(parseJobHeader('outcome=reject', withPath)).toEqual({ overrides: { outcome: 'reject' }, type: undefined });
    expect(parseJobHeader('outcome=reject', lifecycle)).toBe('x-jobtwin-job: this API has no rejected path (lifecycle.paths.rejected)');
    expect(parseJobHeader('outcome=maybe', withPath)).toBe('x-jobtwin-job: outcome must be one of succeed, fail, partial, never, reject (got "maybe")');
    expect(parseJobHeader('outcome=maybe', lifecycle)).toBe('x-jobtwin-job: outcome must be one of succeed, fail, partial, never (got "maybe")');
  });
});
