// The x-jobtwin extension as TypeScript types; docs/extension.md explains each field.
import type { ROLES } from './extension-schema.js';
export type Template = unknown;
export type Range = [number, number];

export interface IdRule {
  format: 'uuid' | 'token';
  prefix?: string;
  length?: number;
}

export interface CancelRule {
  allowed: string[];
  conflict: string[];
  notFound: string[];
  removes?: boolean;
  to?: string;
}

export interface RetentionRule {
  days: number;
  applies: 'all' | 'terminal';
}

export type AttemptsCount = 'started' | 'ended';

export interface Lifecycle {
  states: string[];
  initial: string;
  running: string;
  terminal: string[];
  transitions: Record<string, string[]>;
  outcomes: { succeeded: string; failed: string; partial?: string };
  retry?: { maxAttempts: number; via: string[] };
  /**
   * What the attempts counter (job.attempts) counts: `started` (default) adds 1 when an attempt
   * starts; `ended` adds 1 when an attempt fails or finishes (BullMQ's attemptsMade).
   */
  attempts?: AttemptsCount;
  cancel?: CancelRule;
  /** optional in the spec; always present once loaded ([] by default) */
  controlStates: string[];
  /** the control state a control-interface cancel moves to where the API has no cancel operation */
  controlCancel?: string;
  retention?: RetentionRule | null;
}

export interface Simulation {
  durations: Record<string, Range>;
  /**
   * dwell per state when it is passed on the retry path (after a failed attempt), over `durations`;
   * e.g. BullMQ moves a job whose back-off is over from `waiting` to `active` at once: waiting: [0, 0]
   */
  retryDurations?: Record<string, Range>;
  attemptFailureRate: number;
  partialRate?: number;
  failureReasons: string[];
  result?: Template;
  partialResult?: Template;
  jobType?: string;
  /** the job types a create may ask for (X-Jobtwin-Job: type=…); others are refused */
  jobTypes?: string[];
}

export interface ErrorCatalog {
  validationStatus?: number;
  /**
   * how validation errors are worded: `pydantic`: details as FastAPI on pydantic 2 writes them (with
   * input and ctx); `nestjs`: a body that breaks its schema gets ValidationPipe's array of
   * class-validator messages; `default`/`fastapi`: jobtwin's own {loc, msg, type} details
   */
  validationStyle?: 'default' | 'fastapi' | 'pydantic' | 'nestjs';
  /** on an operation: that operation's own envelope, over the root's `envelope` and `byStatus` */
  envelope?: Template;
  byStatus?: Record<string, Template>;
  messages?: Partial<Record<ErrorKind, string>>;
  /** headers per error status, e.g. {"401": {"WWW-Authenticate": "Bearer"}} */
  headers?: Record<string, Record<string, string>>;
}

export interface Limits {
  bodyBytes?: number;
  /** the vendor documents no such limit: the twin enforces it, the suite holds a target to it only with --strict */
  assumed?: boolean;
}

/** How the API answers requests no operation documents (the conformance suite holds a target to it). */
export interface HttpRules {
  /** a documented path with an undocumented method, HEAD included: 405 with an Allow header */
  methodNotAllowed?: 405;
  /** a path no operation documents */
  unknownPath?: 404;
}

export interface RootExtension {
  version: 1;
  name: string;
  ids: IdRule;
  lifecycle: Lifecycle;
  simulation: Simulation;
  errors: ErrorCatalog;
  http?: HttpRules;
  limits?: Limits;
  /** `redirect`: a known path with a trailing slash answers 307 to the path without it (Starlette) */
  trailingSlash?: 'redirect' | 'notFound';
}

export type Role = (typeof ROLES)[number];

export interface ParamRef {
  in: 'path' | 'query';
  name: string;
}

export interface ListPaging {
  style: 'offset' | 'cursor';
  limit?: { param: string; default: number; max?: number };
  offset?: { param: string };
  cursor?: { param: string };
}

export interface OperationExtension {
  role: Role;
  status?: number;
  body?: Template;
  jobId?: ParamRef;
  jobType?: string;
  item?: Template;
  /** unspecified: the vendor documents no order (e.g. BullMQ groups by state): a job may move between pages */
  order?: 'newest' | 'oldest' | 'unspecified';
  filter?: { param: string; values: Record<string, '*' | string[]> };
  paging?: ListPaging;
  since?: { param: string };
  errors?: ErrorCatalog;
  limits?: Limits;
}

export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'paymentRequired'
  | 'forbidden'
  | 'notFound'
  | 'methodNotAllowed'
  | 'conflict'
  | 'tooLarge'
  | 'rateLimited'
  | 'internal'
  | 'unavailable';
