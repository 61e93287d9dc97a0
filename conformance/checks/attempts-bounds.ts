import { statusObservations } from '../model/job.js';
import { defineCheck } from './define.js';
import type { FailureDraft } from './types.js';

// Judged per lifecycle.attempts: `started` counts an attempt when it starts (running with 0 is wrong),
// `ended` when it fails or finishes (BullMQ's attemptsMade: 0 while the first attempt runs). Only what
// the declaration decides is judged; when a count rises inside one attempt is left to the spec.
export const attemptsBounds = defineCheck({
  name: 'attempts_bounds',
  title: 'Attempts bounds',
  catches:
    'an attempts count that falls, exceeds the declared limit, is too low for the state as lifecycle.attempts counts (started: 0 while running; ended: 0 after an attempt ended), or stops short of the limit on a job that failed for good',
  purposes: ['status'],
  skipReason: () => 'the status answers carry no attempts count',
  applies: (ctx) => ctx.purpose.observation.attempts !== undefined || ctx.purpose.observation.problems.some((p) => p.startsWith('attempts')),
  run(ctx) {
    const { job, observation: o } = ctx.purpose;
    const m = ctx.model;
    const out: FailureDraft[] = [];
    const fail = (message: string, key: string, expected: string) =>
      out.push({ message: `job ${job.id}: ${message}`, key, expected, received: String(o.attempts), observations: statusObservations(job).slice(-6) });
    for (const problem of o.problems) if (problem.startsWith('attempts')) fail(problem, 'unreadable', 'an integer');
    const n = o.attempts;
    if (n === undefined) return out;
    const ended = m.attemptsCount === 'ended';
    const counts = ended ? 'attempts ended (lifecycle.attempts: ended)' : 'attempts started';
    if (n < 0 || n > m.maxAttempts) fail(`${n} attempts, outside 0..${m.maxAttempts}`, 'out of range', `0..${m.maxAttempts}`);
    const state = o.status;
    if (state === m.running) {
      if (!ended && n < 1) fail(`"${state}" with ${n} attempts`, 'running with 0', 'at least 1 while an attempt runs (attempts started)');
      // the running attempt has not ended: at most maxAttempts - 1 have
      if (ended && n >= m.maxAttempts)
        fail(
          `"${state}" with ${n} ${counts}: the running attempt would be one over the limit of ${m.maxAttempts}`,
          'running at the limit',
          `at most ${m.maxAttempts - 1} while an attempt runs`,
        );
    }
    if (state !== undefined && state !== m.running && (m.afterStart(state) || m.onlyAfterAnAttempt(state)) && n < 1) {
      fail(`"${state}" with ${n} attempts`, `${state} with 0`, `at least 1 once an attempt ${ended ? 'ended' : 'ran'}`);
    }
    if (state === m.initial && !m.retryVia.includes(m.initial) && n !== 0) fail(`"${state}" with ${n} attempts`, 'initial not 0', '0 before the first attempt');
    // a job rejected before it ran (lifecycle.paths.rejected) fails with no attempt at all
    const rejected = n === 0 && m.endsBeforeRunning.has(state ?? '');
    if (state === m.outcomes.failed && m.hasRetry && n >= 0 && n < m.maxAttempts && !rejected) {
      fail(
        `failed for good after ${n} of ${m.maxAttempts} attempts: a failed attempt with attempts left must be retried`,
        'failed early',
        `${m.maxAttempts} attempts before "${state}"`,
      );
    }
    const seen = statusObservations(job).filter((x) => x.attempts !== undefined);
    const i = seen.indexOf(o);
    const prev = i > 0 ? seen[i - 1] : undefined;
    if (prev && prev.attempts! > n) fail(`attempts fell from ${prev.attempts} to ${n}`, 'fell', 'never falls');
    // `ended`: an attempt seen running with k ended before must have ended by the time the job is seen
    // in a state that follows an attempt's end (the back-off, an outcome): k + 1 at least.
    if (ended && state !== undefined && state !== m.running && (m.afterStart(state) || m.onlyAfterAnAttempt(state))) {
      const ran = seen.slice(0, Math.max(0, i)).filter((x) => x.status === m.running);
      const last = ran[ran.length - 1];
      if (last && n < last.attempts! + 1) {
        fail(
          `"${state}" with ${n} ${counts} after "${m.running}" with ${last.attempts}: the attempt that ran has ended`,
          'attempt end not counted',
          `at least ${last.attempts! + 1}`,
        );
      }
    }
    return out;
  },
});
