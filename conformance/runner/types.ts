// A conformance run's options and its result: what the CLI, the reports and the programmatic API share.
import type { Pin } from '../http/build.js';

export type Phase = 'examples' | 'stateless' | 'lifecycle' | 'retention';
export const PHASES: readonly Phase[] = ['examples', 'stateless', 'lifecycle', 'retention'];

export interface ConformOptions {
  /** a bundled API's name; or `spec` */
  api?: string;
  /** a spec file with the x-jobtwin extension */
  spec?: string;
  /** OpenAPI Overlay 1.0 files applied to the spec at load (e.g. its x-jobtwin, kept apart) */
  overlays?: string[];
  /** base URL replacing the spec's server URL, its path included (Contextual: …/v1) */
  target: string;
  token?: string;
  /** a second tenant's token: turns on the isolation checks */
  otherToken?: string;
  /** a correctly signed token of the tenant that has expired: must get 401 everywhere */
  expiredToken?: string;
  /** hold the target also to what the spec marks as assumed (x-jobtwin limits.assumed, errors.assumed answers' media type and schema) */
  strict?: boolean;
  /** the target's jobtwin control token, when it has one (moves the clock for the retention check) */
  controlToken?: string;
  /** extra headers on every request */
  headers?: Record<string, string>;
  /** request values pinned with --set LOCATION.NAME=VALUE */
  pins?: Pin[];
  seed?: number;
  /** fast-check runs per property (default 20) */
  runs?: number;
  checks?: string[];
  excludeChecks?: string[];
  phases?: Phase[];
  /** `[HOST:]PORT` (0: any free port on 127.0.0.1): the suite listens there for the webhooks its creates ask for */
  webhookListen?: string;
  /** where the target reaches that listener, when not at the address it listens on (a tunnel) */
  webhookUrl?: string;
  /** the Standard Webhooks secret (whsec_…) that verifies webhook signatures, where the spec declares signing */
  webhookSecret?: string;
  /** how long a job may take to finish (default 120 s) */
  maxWaitMs?: number;
  /** per request (default 10 s) */
  requestTimeoutMs?: number;
  /** requests per second (default: no limit) */
  rateLimit?: number;
  /** the whole run's bound (default 15 min) */
  timeLimitMs?: number;
  /** `phase:operationId:seed:path`, from a failure's replay line: reruns only that case */
  replay?: string;
  /** a self-contained HTML report written here when the run ends (conformance/index.ts; the CLI's --html) */
  html?: string;
  /** lifecycle command sequences run this many at a time (default 8; the rate limit holds for all) */
  workers?: number;
  /** how long a failure may be shrunk, per property (default 10 s): shrinking sends real requests */
  shrinkTimeMs?: number;
  /** stop at the first failure (error severity): the rest is reported as not run */
  failFast?: boolean;
  /** stops the run: what is under way is cut short and the result says what did not run (e.g. on SIGTERM) */
  signal?: AbortSignal;
  /** progress events, for the CLI's display */
  onProgress?: (event: ProgressEvent) => void;
}

/** Why a run ended before it was done. */
export type StopReason = 'time-limit' | 'signal' | 'fail-fast';

export type ProgressEvent =
  /** a phase starts; underWay: every phase under way now (they overlap) */
  | { kind: 'phase'; phase: Phase; underWay: Phase[] }
  /** a phase ends; underWay: the phases still under way */
  | { kind: 'phase-end'; phase: Phase; underWay: Phase[] }
  | { kind: 'property'; phase: Phase; name: string; runs: number }
  | { kind: 'exchange'; count: number; failures: number }
  | { kind: 'skip'; phase: Phase; reason: string }
  /** something worth a line that is neither a failure nor a skip (a retried probe) */
  | { kind: 'note'; phase: Phase; text: string };

export interface ExchangeRecord {
  seq: number;
  method: string;
  url: string;
  /** request headers, secrets masked */
  requestHeaders: Record<string, string>;
  /** the request body as sent (JSON text, form fields, raw text), cut at 2 kB */
  requestBody?: string;
  status?: number;
  responseHeaders?: Record<string, string>;
  /** the response text, cut at 2 kB */
  responseBody?: string;
  /** transport failure: refused, reset, timeout, too_large… */
  error?: string;
  ms: number;
}

/** One read of a job's status: when the answer arrived (epoch ms), from which exchange, and what it said. */
export interface ObservationRecord {
  at: number;
  seq: number;
  httpStatus: number;
  status?: string;
  attempts?: number;
}

export interface Failure {
  check: string;
  title: string;
  severity: 'error' | 'warning';
  phase: Phase;
  /** operationId, and METHOD path */
  operation: string;
  endpoint: string;
  message: string;
  expected?: string;
  received?: string;
  /** how many times this same failure (check, operation, key) was seen */
  count: number;
  /** the exchanges that show it, oldest first; the last one is the one the curl line repeats */
  exchanges: ExchangeRecord[];
  /** a lifecycle failure: the sequence of observations, one line each */
  observations?: string[];
  /** the same observations as data (when each was read, its state), for the HTML report's timeline */
  timeline?: ObservationRecord[];
  curl: string;
  seed: number;
  /** passed to --replay, reruns the property that found it */
  replay: string;
  /** the full command line that replays it */
  replayCommand: string;
}

export interface CheckSummary {
  name: string;
  title: string;
  /** exchanges or observations it judged */
  judged: number;
  /** the same, by operationId */
  byOperation?: Record<string, number>;
  failures: number;
  /** set when the check did not run at all, and why */
  skipped?: string;
}

export interface RunResult {
  api: string;
  target: string;
  seed: number;
  runs: number;
  startedAt: string;
  wallMs: number;
  exchanges: number;
  failures: Failure[];
  checks: CheckSummary[];
  /** phases or parts that did not run, and why (`check`: the one check of the phase it concerns) */
  skipped: Array<{ phase: Phase; reason: string; check?: string }>;
  /**
   * answers in a status the operation does not document but x-jobtwin errors.assumed declares, once per
   * operation and status (`assumed: 404 on get_status (x-jobtwin errors.assumed): …`); absent when none
   */
  assumptions?: string[];
  /** the run hit --time-limit before it was done */
  timedOut: boolean;
  /** PASSED only when every check passed and everything ran; INCOMPLETE when nothing failed but the run was cut short (always set by runConformance) */
  verdict?: 'PASSED' | 'FAILED' | 'INCOMPLETE';
  /** set when the run stopped before it was done: why, where, and what did not run */
  incomplete?: Incomplete;
  /** 0: every check passed and the run was complete, 1: a check failed, 3: cut short with no failure */
  exitCode: 0 | 1 | 3;
}

export interface Incomplete {
  reason: StopReason;
  /** the signal that stopped it (reason signal), e.g. SIGTERM */
  signal?: string;
  /** the phase under way when the run stopped (absent: before the first phase); the first of `phases` */
  phase?: Phase;
  /** every phase under way when the run stopped (phases overlap while they wait for jobs) */
  phases?: Phase[];
  /** the property under way when the run stopped, cut short */
  property?: string;
  /** phases that did not start */
  phasesNotRun: Phase[];
  /** properties that did not run (or were cut short), as `phase/operationId/kind` */
  propertiesNotRun: string[];
  /** one line for people: why and where */
  message: string;
}
