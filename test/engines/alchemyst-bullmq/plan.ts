// What a job does on the reference server's worker, pinned per job with the twin's own header syntax
// (X-Jobtwin-Job: failures=1; run=300ms; backoff=200ms) so the same plan runs on both sides.
import { parseJobHeader } from '../../../src/mock/job-header.js';
import type { Lifecycle } from '../../../src/spec/extension-types.js';

export interface WorkPlan {
  /** attempts that fail before the job succeeds; Infinity: every attempt fails */
  failures: number;
  /** each attempt's run time */
  runMs: number;
  /** BullMQ's fixed back-off before a retry */
  backoffMs: number;
}

export const DEFAULT_PLAN: WorkPlan = { failures: 0, runMs: 250, backoffMs: 250 };

// The header parser wants the lifecycle's names; these are BullMQ's.
const LIFECYCLE: Lifecycle = {
  states: ['waiting', 'active', 'delayed', 'completed', 'failed'],
  initial: 'waiting',
  running: 'active',
  terminal: ['completed', 'failed'],
  controlStates: [],
  transitions: {},
  outcomes: { succeeded: 'completed', failed: 'failed' },
};

/**
 * Without a header, a job's plan follows from its id, so a conformance run meets every path: most
 * jobs succeed at once, one in four fails once first, one in eight fails all its attempts.
 */
export function defaultPlanFor(jobId: string): WorkPlan {
  let h = 0;
  for (const c of jobId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const failures = h % 8 === 0 ? Infinity : h % 4 === 1 ? 1 : 0;
  return { ...DEFAULT_PLAN, failures };
}

/** The plan (undefined without a header), or a sentence saying what cannot be pinned on a real queue. */
export function planFrom(header: string | string[] | undefined): WorkPlan | string | undefined {
  if (header === undefined) return undefined;
  const parsed = parseJobHeader(header, LIFECYCLE);
  if (typeof parsed === 'string') return parsed;
  const { outcome, failures, durations = {}, backoff } = parsed.overrides;
  if (parsed.type !== undefined) return 'x-jobtwin-job: this API has no job types';
  if (outcome === 'never' || outcome === 'partial') return `x-jobtwin-job: outcome=${outcome} cannot run on a BullMQ worker`;
  // The queue wait is the worker's to decide (a free worker takes a job at once): it cannot be pinned.
  if (durations.waiting !== undefined && durations.waiting !== 0) return 'x-jobtwin-job: the queue wait cannot be pinned on a real queue (only queue=0s)';
  for (const state of Object.keys(durations)) {
    if (!['waiting', 'active', 'delayed'].includes(state)) return `x-jobtwin-job: ${state} cannot be pinned`;
  }
  return {
    failures: outcome === 'fail' ? Infinity : (failures ?? DEFAULT_PLAN.failures),
    runMs: durations.active ?? DEFAULT_PLAN.runMs,
    backoffMs: backoff ?? durations.delayed ?? DEFAULT_PLAN.backoffMs,
  };
}
