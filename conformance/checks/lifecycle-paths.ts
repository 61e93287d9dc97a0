import { statusObservations } from '../model/job.js';
import { defineCheck } from './define.js';
import type { FailureDraft } from './types.js';

const iso = (t: number) => new Date(t).toISOString();

// Polls can miss a short state, so the states a job passed are read off the times its answer gives
// per state (`job.enteredAt.<state>`): a job that ended by a declared path has a time for each state
// of it that the answer carries, in the path's order.
export const lifecyclePaths = defineCheck({
  name: 'lifecycle_paths',
  title: 'Lifecycle paths',
  catches:
    "a job that ended by a declared lifecycle path (lifecycle.paths) without a time for a state of that path its answer carries (a skipped finalizing step), or with those times out of the path's order",
  purposes: ['status'],
  skipReason: (run) =>
    run.api.ext.lifecycle.paths ? 'no status answer gave a time per state (job.enteredAt.<state>) of an ended job' : 'the spec declares no lifecycle.paths',
  // an ended job whose state ends a declared path
  applies: (ctx) =>
    ctx.purpose.observation.entered !== undefined && Object.values(ctx.model.paths).some((path) => path.at(-1) === ctx.purpose.observation.status),
  run(ctx) {
    const { job, observation: o } = ctx.purpose;
    const entered = o.entered!;
    const state = o.status!;
    // the paths that end where the job did (failed: the run path or the rejected one)
    const candidates = Object.entries(ctx.model.paths).filter(([, path]) => path.at(-1) === state);
    if (candidates.length === 0) return [];
    const problems = candidates.map(([name, path]) => {
      const timed = path.filter((s) => Object.prototype.hasOwnProperty.call(entered, s));
      const missing = timed.filter((s) => entered[s] === null);
      if (missing.length)
        return {
          name,
          message: `"${state}" with no time for ${missing.map((s) => `"${s}"`).join(', ')} (paths.${name}: ${path.join(' → ')})`,
          key: `no ${missing.join(',')}`,
        };
      for (let i = 1; i < timed.length; i++) {
        const a = entered[timed[i - 1]]!;
        const b = entered[timed[i]]!;
        if (a > b)
          return {
            name,
            message: `entered "${timed[i]}" at ${iso(b)}, before "${timed[i - 1]}" at ${iso(a)} (paths.${name})`,
            key: `${timed[i]} before ${timed[i - 1]}`,
          };
      }
      return undefined;
    });
    // one path the times fit is enough
    if (problems.some((p) => p === undefined)) return [];
    const first = problems[0]!;
    const out: FailureDraft[] = [
      {
        message: `job ${job.id}: ${first.message}`,
        key: first.key,
        expected: candidates.map(([, path]) => path.join(' → ')).join(' or '),
        received: Object.entries(entered)
          .map(([s, t]) => `${s}=${t === null ? 'null' : iso(t)}`)
          .join(' '),
        observations: statusObservations(job).slice(-6),
      },
    ];
    return out;
  },
});
