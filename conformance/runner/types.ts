// A conformance run's options and its result: what the CLI, the reports and the programmatic API share.
import type { Pin } from '../http/build.js';

export type Phase = 'examples' | 'stateless' | 'lifecycle' | 'retention';
export const PHASES: readonly Phase[] = ['examples', 'stateless', 'lifecycle', 'retention'];

export interface ConformOptions {
  /** a bundled API's name; or `spec` */
  api?: string;
  /** a spec file with the x-jobtwin extension */
  spec?: string;
  /** base URL replacing the spec's server URL, its path included (Contextual: …/v1) */
  target: string;
  token?: string;
  /** a second tenant's token: turns on the isolation checks */
  otherToken?: string;
  /** a correctly signed token of the tenant that has expired: must get 401 everywhere */
  expiredToken?: string;
  /** hold the target also to what the spec marks as assumed (x-jobtwin limits.assumed) */
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
  /** progress events, for the CLI's display */
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { kind: 'phase'; phase: Phase }
  | { kind: 'property'; phase: Phase; name: string; runs: number }
  | { kind: 'exchange'; count: number; failures: number }
  | { kind: 'skip'; phase: Phase; reason: string };

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
  /** phases or parts that did not run, and why */
  skipped: Array<{ phase: Phase; reason: string }>;
  /** the run hit --time-limit before it was done */
  timedOut: boolean;
  /** 0: every check passed, 1: a check failed */
  exitCode: 0 | 1;
}
