// The x-jobtwin extension as TypeScript types; docs/extension.md explains each field.
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

export interface Lifecycle {
  states: string[];
  initial: string;
  running: string;
  terminal: string[];
  transitions: Record<string, string[]>;
  outcomes: { succeeded: string; failed: string; partial?: string };
  retry?: { maxAttempts: number; via: string[] };
  cancel?: CancelRule;
  controlStates?: string[];
  retention?: RetentionRule | null;
}

export interface Simulation {
  durations: Record<string, Range>;
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
  envelope?: Template;
  byStatus?: Record<string, Template>;
  messages?: Partial<Record<ErrorKind, string>>;
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
}

export type Role = 'create' | 'status' | 'cancel' | 'list' | 'results';

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
