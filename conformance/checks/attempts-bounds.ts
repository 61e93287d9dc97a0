import { statusObservations } from '../model/job.js';
import type { Check, FailureDraft } from './types.js';

export const attemptsBounds: Check = {
  name: 'attempts_bounds',
  title: 'Attempts bounds',
  catches: 'an attempts count that falls, exceeds the declared limit, is 0 while running, or stops short of the limit on a job that failed for good',
  scope: 'purpose',
  applies: (ctx) => ctx.purpose.kind === 'status' && (ctx.purpose.observation.attempts !== undefined || ctx.purpose.observation.problems.some((p) => p.startsWith('attempts'))),
  run(ctx) {
    if (ctx.purpose.kind !== 'status') return [];
    const { job, observation: o } = ctx.purpose;
    const m = ctx.model;
    const out: FailureDraft[] = [];
    const fail = (message: string, key: string, expected: string) => out.push({ message: `job ${job.id}: ${message}`, key, expected, received: String(o.attempts), observations: statusObservations(job).slice(-6) });
    for (const problem of o.problems) if (problem.startsWith('attempts')) fail(problem, 'unreadable', 'an integer');
    const n = o.attempts;
    if (n === undefined) return out;
    if (n < 0 || n > m.maxAttempts) fail(`${n} attempts, outside 0..${m.maxAttempts}`, 'out of range', `0..${m.maxAttempts}`);
    const state = o.status;
    if (state === m.running && n < 1) fail(`"${state}" with ${n} attempts`, 'running with 0', 'at least 1 while an attempt runs');
    if (state !== undefined && state !== m.running && m.afterStart(state) && n < 1) fail(`"${state}" with ${n} attempts`, `${state} with 0`, 'at least 1 once an attempt ran');
    if (state === m.initial && !m.retryVia.includes(m.initial) && n !== 0) fail(`"${state}" with ${n} attempts`, 'initial not 0', '0 before the first attempt');
    if (state === m.outcomes.failed && m.hasRetry && n >= 0 && n < m.maxAttempts) {
      fail(`failed for good after ${n} of ${m.maxAttempts} attempts: a failed attempt with attempts left must be retried`, 'failed early', `${m.maxAttempts} attempts before "${state}"`);
    }
    const seen = statusObservations(job).filter((x) => x.attempts !== undefined);
    const i = seen.indexOf(o);
    const prev = i > 0 ? seen[i - 1] : undefined;
    if (prev && prev.attempts! > n) fail(`attempts fell from ${prev.attempts} to ${n}`, 'fell', 'never falls');
    return out;
  },
};
