import { statusObservations } from '../model/job.js';
import { defineCheck } from './define.js';
import type { FailureDraft } from './types.js';

// A job created with a short deadline: by then (and a tolerance for polls) it has ended; a job still
// going at its deadline ends in the rule's `to`, or `started` once it has run.
export const deadline = defineCheck({
  name: 'deadline',
  title: 'Deadline',
  catches:
    "a job created with a short deadline (lifecycle.deadlines[].param, e.g. Cancel-After) that is still going after it, or that was seen going past it and ended in another state than the rule's to/started",
  purposes: ['deadline'],
  skipReason: (run) =>
    run.api.ext.lifecycle.deadlines?.some((d) => d.param)
      ? 'no job created with a short deadline was read after it'
      : 'the spec declares no deadline the create request gives (lifecycle.deadlines[].param)',
  run(ctx) {
    const { job, deadlineMs, toleranceMs, rule, given } = ctx.purpose;
    const m = ctx.model;
    const seen = statusObservations(job);
    const last = seen.at(-1);
    const due = job.created.at + deadlineMs;
    const ends = rule.started && rule.started !== rule.to ? `"${rule.to}" (or "${rule.started}" once it has run)` : `"${rule.to}"`;
    const out: FailureDraft[] = [];
    const fail = (message: string, key: string) =>
      out.push({
        message: `job ${job.id} (${given}): ${message}`,
        key,
        expected: `ended by ${deadlineMs} ms after creation (+${toleranceMs} ms), in ${ends} if still going then`,
        received: last?.status ?? '(no status read)',
        observations: seen.slice(-8),
      });
    if (!last?.status) return out;
    const late = seen.filter((o) => o.status !== undefined && !m.isTerminal(o.status) && o.at > due + toleranceMs);
    if (late.length) {
      fail(`still "${late.at(-1)!.status}" ${late.at(-1)!.at - job.created.at} ms after creation, past its deadline`, `still ${late.at(-1)!.status}`);
      return out;
    }
    if (!m.isTerminal(last.status)) return out;
    const ran = seen.some((o) => o.status !== undefined && (o.status === m.running || m.postStates.has(o.status)));
    const goingAt = seen.filter((o) => o.status !== undefined && !m.isTerminal(o.status) && o.at >= due);
    const byDeadline = last.status === rule.to || last.status === rule.started;
    // seen going at the deadline, then ended otherwise: the deadline did not end it
    if (goingAt.length && !byDeadline) fail(`seen "${goingAt.at(-1)!.status}" at its deadline, then ended "${last.status}"`, `ended ${last.status}`);
    if (rule.started && rule.started !== rule.to && ran && last.status === rule.to && goingAt.length)
      fail(`ended "${rule.to}" at its deadline though it had started ("${rule.started}" expected)`, `${rule.to} after start`);
    return out;
  },
});
