// How the control interface shows jobs: a summary for lists, the full view with its timeline.
import { countedAttempts } from '../../core/lifecycle/plan.js';
import type { ApiModel } from '../../spec/model.js';
import type { Job } from '../../core/store/job.js';
import { expiresAt, jobView, snapshotOf } from '../../core/lifecycle/view.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface JobSummary {
  api: string;
  id: string;
  tenant: string;
  type: string | null;
  status: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

export interface TimelineEntry {
  at: string;
  state: string;
  attempt: number;
  failure?: string;
  /** whether the clock has passed it */
  reached: boolean;
}

export interface JobDetail {
  api: string;
  id: string;
  tenant: string;
  type: string | null;
  status: string;
  attempts: number;
  maxAttempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  failedReason: string | null;
  error: string | null;
  result: unknown;
  input: unknown;
  expiresAt: string | null;
  /** when a deadline (lifecycle.deadlines) ends it, if one does */
  deadlineAt: string | null;
  /** its input and result are removed (lifecycle.dataRemoval, or a cancel that removes data) */
  dataRemoved: boolean;
  /** the status a webhook receiver last answered about it with */
  webhookStatus: number | null;
  timeline: TimelineEntry[];
}

export function jobSummary(api: ApiModel, job: Job, now: number): JobSummary {
  const snap = snapshotOf(api, job, now);
  return {
    api: job.api,
    id: job.id,
    tenant: job.tenant,
    type: job.type,
    status: snap.state,
    // as the API's own status shows it (lifecycle.attempts), like the detail view
    attempts: countedAttempts(api.ext.lifecycle, snap.attempt, snap.state),
    createdAt: iso(job.createdAt)!,
    updatedAt: iso(job.createdAt + snap.enteredAt)!,
  };
}

/** When retention removes the job; null when it is kept, or never ends. */
function expiryOf(api: ApiModel, job: Job): number | null {
  const at = expiresAt(api, job);
  return Number.isFinite(at) ? at : null;
}

export function jobDetail(api: ApiModel, job: Job, now: number): JobDetail {
  const view = jobView(api, job, now);
  return {
    api: view.api,
    id: view.id,
    tenant: view.tenant,
    type: view.type,
    status: view.status,
    attempts: view.attempts,
    maxAttempts: view.maxAttempts,
    createdAt: iso(view.createdAt)!,
    startedAt: iso(view.startedAt),
    finishedAt: iso(view.finishedAt),
    updatedAt: iso(view.updatedAt)!,
    failedReason: view.failedReason,
    error: view.error,
    result: view.result ?? null,
    input: view.input ?? null,
    expiresAt: iso(expiryOf(api, job)),
    deadlineAt: iso(view.deadlineAt),
    dataRemoved: view.dataRemoved,
    webhookStatus: view.webhookStatus,
    timeline: job.steps.map((step) => {
      const at = job.createdAt + step.at;
      return {
        at: iso(at)!,
        state: step.state,
        attempt: step.attempt,
        ...(step.failure !== undefined ? { failure: step.failure } : {}),
        reached: at <= now,
      };
    }),
  };
}
