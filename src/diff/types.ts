// What `jobtwin diff` observes on each side and what it reports.
import type { HttpRequest } from '../../conformance/http/types.js';
import type { Shape } from './shape.js';

export type Side = 'target' | 'twin';

/** One answer as diff compares it: its status and its body's shape, never its values. */
export interface Answer {
  request: HttpRequest;
  /** undefined when no answer came (the error says why) */
  status?: number;
  error?: string;
  shape: Shape;
  /** the parsed body, for the status, attempts and times read out of it */
  body?: unknown;
}

/** A status read of a job. */
export interface Read {
  answer: Answer;
  state?: string;
  attempts?: number;
}

/** One job driven to its end (or to --max-wait-ms) on one side. */
export interface JobRun {
  create: Answer;
  id?: string;
  /** the create answer's status reading (when it has one), then every status read, in order */
  reads: Read[];
  /** the job reached a terminal state */
  ended: boolean;
  /** the requests sent once it ended: results, another tenant's read */
  after: Record<string, Answer>;
}

/** A job cancelled from the state it was seen in. */
export interface CancelRun {
  create: Answer;
  id?: string;
  before?: Read;
  cancel?: Answer;
  after?: Read;
}

export type Aspect = 'states' | 'attempts' | 'fields' | 'timestamps' | 'status' | 'shape' | 'outcome';

export interface Difference {
  /** e.g. `job 1 (completed)`, `unknown id on getJob` */
  scenario: string;
  aspect: Aspect;
  /** the target's request as a curl line (tokens as $JOBTWIN_TOKEN) */
  curl: string;
  target: string;
  twin: string;
  /** a note: something polling cannot tell apart from a difference; it does not fail the run */
  note?: string;
}

export interface DiffReport {
  api: string;
  target: string;
  twin: string;
  seed: number;
  pollMs: number;
  /** every scenario run, in order */
  scenarios: string[];
  /** requests sent to each side */
  requests: { target: number; twin: number };
  differences: Difference[];
  /** what may differ only because polling cannot see it (e.g. a state shorter than --poll-ms) */
  notes: Difference[];
}
