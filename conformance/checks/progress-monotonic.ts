// A job's progress (what the status template binds to job.progress: OpenAI's request_counts.completed,
// a 0..1 fraction, a percentage) grows while an attempt runs and on to its success. A new attempt may
// start again from nothing, so a fall is judged only where no attempt can have begun unseen: the API
// makes one attempt, or the answers carry the attempts count or the attempt's start.
import { layoutOf, type Observation } from '../model/observation.js';
import { statusObservations } from '../model/job.js';
import type { LifecycleModel } from '../model/lifecycle.js';
import { defineCheck } from './define.js';

/** Whether two reads are of one attempt: true, false, or undefined where the answers cannot say. */
function sameAttempt(a: Observation, b: Observation, m: LifecycleModel): boolean | undefined {
  if (a.attempts !== undefined && b.attempts !== undefined) return a.attempts === b.attempts;
  const [sa, sb] = [a.times.startedAt, b.times.startedAt];
  if (typeof sa === 'number' && typeof sb === 'number') return sa === sb;
  return m.maxAttempts <= 1 ? true : undefined;
}

/** The running state, the steps after it and the successful ends: where progress only grows. */
function forward(m: LifecycleModel, state: string | undefined): boolean {
  return state !== undefined && (state === m.running || m.postStates.has(state) || state === m.outcomes.succeeded || state === m.outcomes.partial);
}

export const progressMonotonic = defineCheck({
  name: 'progress_monotonic',
  title: 'Progress only grows',
  catches:
    "a job's progress (what the spec binds to job.progress, e.g. a count of requests done) lower than at the read before, within one attempt from its run to its success",
  purposes: ['status'],
  skipReason: (run) =>
    layoutOf(run.api.byRole.status?.body).progress ? 'no job was read twice within one attempt' : 'the status answer shows no progress (job.progress)',
  applies: (ctx) => ctx.purpose.observation.progress !== undefined,
  run(ctx) {
    const { job, observation } = ctx.purpose;
    const seen = statusObservations(job).filter((o) => o.progress !== undefined);
    const i = seen.indexOf(observation);
    if (i <= 0) return [];
    const before = seen[i - 1];
    const m = ctx.model;
    if (!forward(m, before.status) || !forward(m, observation.status) || sameAttempt(before, observation, m) !== true) return [];
    const fell = Object.entries(observation.progress!).filter(([pointer, value]) => value < (before.progress![pointer] ?? -Infinity));
    return fell.map(([pointer, value]) => ({
      message: `job ${job.id}'s progress at ${pointer} fell from ${before.progress![pointer]} (${before.status}) to ${value} (${observation.status})`,
      expected: `at least ${before.progress![pointer]}`,
      received: String(value),
      key: `fell ${before.status} -> ${observation.status}`,
      observations: seen.slice(0, i + 1),
      exchanges: job.exchanges.slice(-3),
    }));
  },
});
