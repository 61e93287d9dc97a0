// A job as the templates see it at one instant: everything derived from its steps and the clock.
import type { ApiModel } from '../../spec/model.js';
import { fieldsRemovedBy } from '../../spec/data-fields.js';
import type { Job } from '../store/job.js';
import { createRng, hashSeed, uuidFrom } from '../../rng/rng.js';
import { countedAttempts, maxAttempts } from './plan.js';
import { snapshotAt, type Snapshot } from './snapshot.js';
import type { Scopes } from '../../template/scopes.js';
import { durationMs } from './deadline.js';
import { postPlace, routesOf } from './routes.js';

export interface JobView {
  id: string;
  api: string;
  tenant: string;
  type: string | null;
  status: string;
  /** as lifecycle.attempts declares: attempts started, or attempts ended */
  attempts: number;
  attemptsStarted: number;
  maxAttempts: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  failedReason: string | null;
  error: string | null;
  result: unknown;
  input: unknown;
  itemIds: string[];
  itemNumbers: number[];
  seed: number;
  runMs: number;
  /** per state of the lifecycle: when the job last entered it, epoch ms, null where it has not yet */
  enteredAt: Record<string, number | null>;
  /** 0..1: how much of the running attempt's planned time has passed (1 once it succeeded) */
  progress: number;
  /** lifecycle.dataRemoval: the job ended long enough ago that its input and result are gone */
  dataRemoved: boolean;
  /** epoch ms by which the job ends (lifecycle.deadlines), null without a deadline */
  deadlineAt: number | null;
  /** the status a webhook receiver last answered about this job with, null before any answer */
  webhookStatus: number | null;
}

/** The job's fields removed at `now`: by a cancel that removes data, or lifecycle.dataRemoval's time. */
export function removedFields(api: ApiModel, job: Job, now: number, snap: Snapshot): ReadonlySet<string> {
  const lc = api.ext.lifecycle;
  const out = new Set<string>();
  const by = job.marks?.dataRemovedAt;
  if (by !== undefined && now >= by) for (const f of fieldsRemovedBy(lc.cancel?.removesData)) out.add(f);
  if (isDataRemoved(api, job, now, snap)) for (const f of fieldsRemovedBy(lc.dataRemoval)) out.add(f);
  return out;
}

/** Whether lifecycle.dataRemoval has removed the job's data at `now` (by its time). */
export function isDataRemoved(api: ApiModel, job: Job, now: number, snap: Snapshot): boolean {
  const removal = api.ext.lifecycle.dataRemoval;
  if (!removal || snap.finishedAt === null) return false;
  return now >= job.createdAt + snap.finishedAt + durationMs(removal.after);
}

/** When the job last entered each state, over the steps up to the current one (index). */
export function enteredAtOf(states: readonly string[], job: Job, index: number): Record<string, number | null> {
  const out: Record<string, number | null> = Object.fromEntries(states.map((s) => [s, null]));
  for (let i = 0; i <= index && i < job.steps.length; i++) out[job.steps[i].state] = job.createdAt + job.steps[i].at;
  return out;
}

/**
 * The running attempt's share of its planned time so far. Other states say 0 (waiting, retrying,
 * failed, cancelled) or 1 (succeeded, partial): a failed or forced step keeps no planned end to
 * measure against.
 */
export function progressOf(api: ApiModel, job: Job, snap: Snapshot): number {
  const lc = api.ext.lifecycle;
  if (snap.state === lc.outcomes.succeeded || snap.state === lc.outcomes.partial) return 1;
  // after running, before the outcome (finalizing): the run itself is done
  if (snap.state !== lc.running && postPlace(routesOf(lc), snap.state)) return 1;
  if (snap.state !== lc.running) return 0;
  const next = job.steps[snap.index + 1];
  // an attempt that never ends has no planned length: it shows no progress
  if (!next) return 0;
  const planned = next.at - job.steps[snap.index].at;
  return planned <= 0 ? 1 : Math.min(1, Math.max(0, snap.runMs / planned));
}

export function snapshotOf(api: ApiModel, job: Job, now: number): Snapshot {
  return snapshotAt(job.steps, Math.max(0, now - job.createdAt), api.ext.lifecycle.running, api.endStates);
}

export function itemIdsOf(job: Job): string[] {
  const rng = createRng(hashSeed(job.seed, 'items'));
  return Array.from({ length: job.itemCount }, () => uuidFrom(rng));
}

export function jobView(api: ApiModel, job: Job, now: number, snap = snapshotOf(api, job, now)): JobView {
  const lc = api.ext.lifecycle;
  const at = (offset: number | null) => (offset === null ? null : job.createdAt + offset);
  const removed = removedFields(api, job, now, snap);
  const dataRemoved = removed.size > 0;
  const view: JobView = {
    id: job.id,
    api: job.api,
    tenant: job.tenant,
    type: job.type,
    status: snap.state,
    attempts: countedAttempts(lc, snap.attempt, snap.state),
    attemptsStarted: snap.attempt,
    maxAttempts: maxAttempts(lc),
    createdAt: job.createdAt,
    startedAt: at(snap.startedAt),
    finishedAt: at(snap.finishedAt),
    updatedAt: job.createdAt + snap.enteredAt,
    failedReason: snap.failedReason,
    error: snap.state === lc.outcomes.failed ? (snap.failedReason ?? 'failed') : null,
    result: null,
    input: removed.has('input') ? null : job.input,
    get itemIds() {
      return itemIdsOf(job);
    },
    get itemNumbers() {
      return Array.from({ length: job.itemCount }, (_, i) => (job.seq % 100_000) * 1000 + i + 1);
    },
    seed: job.seed,
    runMs: snap.runMs,
    // read only by templates that ask for it: not built on every poll
    get enteredAt() {
      return enteredAtOf(lc.states, job, snap.index);
    },
    progress: progressOf(api, job, snap),
    dataRemoved,
    deadlineAt: job.deadline?.at ?? null,
    webhookStatus: job.marks?.webhookStatus ?? null,
  };
  const template = snap.state === lc.outcomes.succeeded ? api.result : snap.state === lc.outcomes.partial ? (api.partialResult ?? api.result) : undefined;
  if (template && !removed.has('result')) view.result = template.render({ job: view, now } satisfies Scopes['result']);
  return view;
}

/** Whether retention has removed the job at `now`. */
export function isExpired(api: ApiModel, job: Job, now: number, snap?: Snapshot): boolean {
  const retention = api.ext.lifecycle.retention;
  if (!retention) return false;
  if (now < job.createdAt + retention.days * 86_400_000) return false;
  if (retention.applies === 'all') return true;
  return api.endStates.has((snap ?? snapshotOf(api, job, now)).state);
}

/** When retention removes the job, as its timeline stands: Infinity when never. */
export function expiresAt(api: ApiModel, job: Job): number {
  const retention = api.ext.lifecycle.retention;
  if (!retention) return Infinity;
  const byAge = job.createdAt + retention.days * 86_400_000;
  if (retention.applies === 'all') return byAge;
  const last = job.steps[job.steps.length - 1];
  return api.endStates.has(last.state) ? Math.max(byAge, job.createdAt + last.at) : Infinity;
}
