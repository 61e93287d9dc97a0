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
}
