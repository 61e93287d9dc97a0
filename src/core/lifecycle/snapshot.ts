// Reads a job's state at one instant off its steps: a pure function of (steps, time).
import type { Step } from './plan.js';

export interface Snapshot {
  state: string;
  attempt: number;
  /** all times are ms since creation */
  enteredAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  failedReason: string | null;
  /** how long the latest attempt ran (or has run so far) */
  runMs: number;
  /** index of the current step */
  index: number;
}

export function snapshotAt(steps: Step[], offset: number, running: string, terminal: ReadonlySet<string>): Snapshot {
  let index = 0;
  // Steps are few (a handful per attempt), so a scan beats anything cleverer.
  while (index + 1 < steps.length && steps[index + 1].at <= offset) index++;
  const step = steps[index];
  let startedAt: number | null = null;
  let failedReason: string | null = null;
  let runMs = 0;
  for (let i = 0; i <= index; i++) {
    const s = steps[i];
    if (s.failure !== undefined) failedReason = s.failure;
    if (s.state === running) {
      startedAt = s.at;
      runMs = (i < index ? steps[i + 1].at : offset) - s.at;
    }
  }
  return {
    state: step.state,
    attempt: step.attempt,
    enteredAt: step.at,
    startedAt,
    finishedAt: terminal.has(step.state) ? step.at : null,
    failedReason,
    runMs,
    index,
  };
}

/** The steps up to `offset`, then `state` entered at `offset`: the history a forced move keeps. */
export function truncateAt(steps: Step[], offset: number): Step[] {
  return steps.filter((s, i) => i === 0 || s.at <= offset);
}
