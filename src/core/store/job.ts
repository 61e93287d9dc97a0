// What the twin keeps of a job: who made it, when, with what, and its drawn timeline. Nothing else;
// its state at any instant is derived (lifecycle/view.ts).
import type { Step } from '../lifecycle/plan.js';
import type { Deadline } from '../lifecycle/deadline.js';

export interface Job {
  api: string;
  id: string;
  tenant: string;
  /** creation order across the twin, for stable listing */
  seq: number;
  type: string | null;
  createdAt: number;
  input: unknown;
  seed: number;
  steps: Step[];
  /** how many items the input carried (Crosmos sources), for itemIds */
  itemCount: number;
  /** when a job not ended by then ends (lifecycle.deadlines), fixed at creation */
  deadline?: Deadline;
  /** set once the store has dropped it (cancelled, deleted, expired) */
  gone?: true;
  /** what happened to it after creation beside its timeline */
  marks?: JobMarks;
}

/** Facts a job gathers after creation that its timeline does not hold. */
export interface JobMarks {
  /** when a cancel that removes data (lifecycle.cancel.removesData) removed it, epoch ms */
  dataRemovedAt?: number;
  /** the status a webhook receiver last answered a delivery about it with */
  webhookStatus?: number;
}
export const MARK_NAMES = ['dataRemovedAt', 'webhookStatus'] as const;
