// The vocabulary of the request pipeline: what a stage sees (the exchange so far) and what it may
// give back (an answer, which ends the pipeline, or nothing, which passes the request on).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Twin } from '../../core/twin.js';
import type { Match, Router } from '../router.js';
import type { Journal } from '../journal.js';
import type { Faults } from '../faults.js';
import type { PrismFallback } from '../fallback.js';
import type { CorsPolicy } from '../cors.js';
import type { TokenRules } from '../auth.js';
import type { ApiModel, OperationModel } from '../../spec/model.js';
import type { ErrorKind } from '../../spec/extension-types.js';
import type { ErrorRequest } from '../errors.js';
import type { RawRequest, ValidationDetail, ValidationResult, ValidRequest } from '../../validation/request.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';

export type Validator = (req: RawRequest) => ValidationResult;

export interface ServeDeps {
  twin: Twin;
  router: Router;
  journal: Journal;
  faults: Faults;
  cors: CorsPolicy;
  /** bearer-token signature checks; none by default */
  auth?: TokenRules;
  validators: { get(op: OperationModel): Validator };
  fallback: PrismFallback;
  /** where each API is mounted: the fallback needs spec-relative paths */
  prefixes: Map<string, string>;
  /** webhooks of the APIs that declare them */
  webhooks?: WebhookDispatcher;
}

/** One request on its way through the stages; stages fill in what they learn. */
export interface Exchange {
  readonly deps: ServeDeps;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly search: URLSearchParams;
  readonly match: Match;
  readonly api: ApiModel | undefined;
  readonly errorReq: ErrorRequest;
  /** headers every answer carries (CORS) */
  readonly headers: Record<string, string>;
  tenant?: string;
  jobId?: string;
  fault?: string;
  preflight?: boolean;
}

/** The exchange once routing found the operation. */
export interface OperationExchange extends Exchange {
  readonly match: Extract<Match, { kind: 'operation' }>;
  readonly api: ApiModel;
  readonly op: OperationModel;
  body?: RawRequest['body'];
  valid?: ValidRequest;
}

export interface ErrorOptions {
  message?: string;
  details?: ValidationDetail[];
  status?: number;
  headers?: Record<string, string>;
}

/** The one way a stage ends a request: a body to send, an error of the API's catalogue, or no answer. */
export type Answer =
  | { kind: 'reply'; status: number; body: unknown; headers?: Record<string, string> }
  | ({ kind: 'error'; error: ErrorKind } & ErrorOptions)
  | { kind: 'dropped' };

export type StageResult = Answer | undefined | Promise<Answer | undefined>;

export interface Stage<X extends Exchange = Exchange> {
  name: string;
  run(x: X): StageResult;
}

export const reply = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({ kind: 'reply', status, body, headers });
export const problem = (error: ErrorKind, options: ErrorOptions = {}): Answer => ({ kind: 'error', error, ...options });
