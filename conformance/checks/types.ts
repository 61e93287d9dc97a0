// The vocabulary of checks: what a check sees (the run's context, one exchange and why it was sent)
// and what it returns (failure drafts the runner completes with the check name, operation, curl and seed).
import type { ApiModel, OperationModel } from '../../src/spec/model.js';
import type { ResponseValidator } from '../../src/validation/response.js';
import type { Exchange, HttpResponse } from '../http/types.js';
import type { JobTrace } from '../model/job.js';
import type { LifecycleModel } from '../model/lifecycle.js';
import type { Layout, Observation } from '../model/observation.js';
import type { ConformOptions } from '../runner/types.js';

/** Why an exchange was sent: decides which checks have something to say about it. */
export type Purpose =
  /** a documented example; expectSuccess when nothing in it can be unknown (no job id) */
  | { kind: 'example'; name: string; expectSuccess: boolean }
  /** a schema-valid request: must be accepted */
  | { kind: 'positive' }
  /** a request that breaks the schema in one spot: must be refused with a documented 4xx */
  | { kind: 'negative'; location: string; name: string; keyword: string; description: string; status?: number }
  /** no credentials, or malformed ones */
  | { kind: 'auth'; variant: 'missing' | 'malformed' | 'tampered-signature' | 'tampered-sub' | 'tampered-exp' | 'expired'; description?: string }
  /** a well-formed id that was never created */
  | { kind: 'unknown-id'; id: string }
  /** a lifecycle create */
  | { kind: 'create'; job?: JobTrace }
  /** a status read of our own job: its observation is the last of job.observations */
  | { kind: 'status'; job: JobTrace; observation: Observation }
  /** any other read of our job (results) */
  | { kind: 'read'; job: JobTrace }
  /** a cancel, judged once the job has been read again: before/after are the bracketing observations */
  | {
      kind: 'cancel';
      job: JobTrace;
      before?: Observation;
      after?: Observation;
      afterNotFound: boolean;
      removedBefore: boolean;
      /** the job as the cancel's own answer shows it, where that answer is a job */
      answered?: Observation;
    }
  /** one page of a list: the job was created before this call; before/after bracket it */
  | {
      kind: 'list';
      job: JobTrace;
      before?: Observation;
      after?: Observation;
      limit?: number;
      listed?: { status?: string };
      verdict: 'found' | 'absent' | 'unknown';
      otherTenant?: boolean;
    }
  /** every page of the list read in a row, after our jobs were created: duplicates, skips, order */
  | { kind: 'list-walk'; items: ListedItem[]; complete: boolean; jobs: WalkedJob[]; order: 'newest' | 'oldest' | 'unspecified' }
  /** the first page of the list filtered by a value that stands for some states */
  | { kind: 'list-filter'; param: string; value: string; states: string[]; items: ListedItem[]; endedBefore: Record<string, string> }
  /** every page of the list walked by its cursors (id paging, or a page that says what follows it) */
  | { kind: 'list-paging'; pages: PageRead[]; complete: boolean; jobs: WalkedJob[]; order: 'newest' | 'oldest' | 'unspecified'; probe?: PageProbe }
  /** a page of the list asked for a window of creation times: since inclusive, until exclusive (epoch ms) */
  | { kind: 'list-window'; since?: WindowBound; until?: WindowBound; items: WindowItem[] }
  /** a read as the other tenant: must answer as an unknown id does */
  | { kind: 'other-tenant'; job: JobTrace; notFoundStatus: number; owner?: OwnerAfter }
  /** the last read of a job created with a short deadline (lifecycle.deadlines[].param), once it has passed */
  | {
      kind: 'deadline';
      job: JobTrace;
      deadlineMs: number;
      toleranceMs: number;
      rule: { to: string; started?: string };
      /** what the request said, e.g. `Cancel-After: 1` */
      given: string;
    }
  /** the last read of a job the suite waited on */
  | { kind: 'settled'; job: JobTrace; waitedMs: number; maxWaitMs: number }
  /** a read after the clock was moved: the job must be gone (past retention) or kept */
  | { kind: 'retention'; job: JobTrace; expect: 'gone' | 'kept'; advancedMs: number; via: 'status' | 'list' | 'read'; listed?: boolean; notFoundStatus: number }
  /**
   * a status read after the clock was moved near the data removal (lifecycle.dataRemoval): before it the
   * data must read as it did when the job ended, past it null with the flag set, the record kept
   */
  | {
      kind: 'data-removal';
      job: JobTrace;
      expect: 'kept' | 'removed';
      reference: unknown;
      fields: string[];
      /** the time after the job ended (lifecycle.dataRemoval), or a cancel that removes data (lifecycle.cancel.removesData) */
      by: { afterMs: number } | 'cancel';
    }
  /** a request no operation documents: a documented path with another method, or an unknown path */
  | { kind: 'routing'; expect: 'methodNotAllowed' | 'unknownPath'; method: string; path: string; documented?: string[] }
  /** the webhooks a create asked for, once its job ended or max-wait passed (judged on the create) */
  | {
      kind: 'webhook';
      job: JobTrace;
      deliveries: WebhookSeen[];
      wanted?: unknown;
      finalState?: string;
      waitedMs: number;
      maxWaitMs: number;
      /** --webhook-secret: Standard Webhooks signatures are verified with it */
      secret?: string;
    }
  /** a create sent with Prefer: wait=n */
  | { kind: 'create-wait'; seconds: number }
  /** other requests: exchange-level checks only */
  | { kind: 'plain' };

/** A webhook delivery as the suite's listener got it. */
export interface WebhookSeen {
  /** Date.now() when it arrived */
  at: number;
  text: string;
  /** the parsed JSON body, or undefined */
  body: unknown;
  /** lower-cased names */
  headers?: Record<string, string | string[] | undefined>;
}

/** One job as a list page showed it. */
export interface ListedItem {
  id: string;
  status?: string;
  /** the page it was on (0-based) and its place on the page */
  page: number;
  index: number;
}

/** One page of a walk: its ids in order, the cursor that asked for it, and what it said of its neighbours. */
export interface PageRead {
  ids: string[];
  cursor?: string;
  hasMore?: unknown;
  next?: unknown;
  nextCursor?: unknown;
  /** the page's first_id / last_id where its template binds them */
  firstId?: { value: unknown };
  lastId?: { value: unknown };
}

/** The page read after the last of a walk (after its last id): it must hold nothing. */
export interface PageProbe {
  cursor: string;
  ids: string[];
}

/** A bound of a window as sent (`value`) and as the instant it stands for (epoch ms). */
export interface WindowBound {
  param: string;
  value: string;
  at: number;
}

/** A job on a windowed page and when it was created, from the item or from our own reads (epoch ms). */
export interface WindowItem {
  id: string;
  createdAt?: number;
}

/** One of our jobs around a list walk: its state read just before the first page and just after the last. */
export interface WalkedJob {
  job: JobTrace;
  before?: string;
  after?: string;
  /** not readable after the walk (removed, expired): it may be absent */
  gone: boolean;
}

/** The owner's read of its job right after another tenant tried to change it (a cancel). */
export interface OwnerAfter {
  /** the state the owner saw before the attempt */
  before?: string;
  /** the owner's status read afterwards: not found, or the state it shows */
  notFound: boolean;
  status?: string;
}

export type PurposeKind = Purpose['kind'];

/** The purposes of the given kinds. */
export type PurposeOf<K extends PurposeKind> = Extract<Purpose, { kind: K }>;

/** What a check sees besides the exchange; `purpose` is narrowed to the kinds the check judges. */
export interface CheckContext<P extends Purpose = Purpose> {
  api: ApiModel;
  op: OperationModel;
  model: LifecycleModel;
  validator: ResponseValidator;
  /** where the job's fields sit in a status answer */
  statusLayout: Layout;
  purpose: P;
}

export interface FailureDraft {
  message: string;
  expected?: string;
  received?: string;
  severity?: 'error' | 'warning';
  /** the same check, operation and key: reported once with a count (default: the message with ids and numbers blanked) */
  key?: string;
  /** exchanges that show it, besides the one checked (oldest first) */
  exchanges?: Exchange[];
  /** for lifecycle failures: the sequence of observations */
  observations?: Observation[];
}

/** An exchange that got an HTTP answer. */
export type AnsweredExchange = Extract<Exchange, { response: HttpResponse }>;

/** What a check may read of a run that has ended, to say why it judged nothing (RunContext has it all). */
export interface RunFacts {
  api: ApiModel;
  options: ConformOptions;
  /** parts of the run that did not happen, and why */
  skipped: ReadonlyArray<{ phase: string; reason: string; check?: string }>;
}

/** The reason a selected check gives when it judged nothing and declares no reason of its own. */
export const NOTHING_TO_JUDGE = 'nothing to judge in this run';

/** A check as the registry holds it: what it says of itself, and its judgement behind its declarations. */
export interface Check {
  name: string;
  title: string;
  /** what it catches, one sentence */
  catches: string;
  /** exchange: looks at every exchange once; purpose: looks at what an exchange was sent for */
  scope: 'exchange' | 'purpose';
  /** the purposes it judges; none listed for scope exchange (every one) */
  purposes?: readonly PurposeKind[];
  /** it judges only exchanges that got an HTTP answer */
  needsResponse: boolean;
  /** why it judged nothing in a run that selected it, in words a user can act on */
  skipReason(run: RunFacts): string;
  /** undefined: nothing in this exchange for it to judge; otherwise its failure drafts (none: it passed) */
  judge(ctx: CheckContext, exchange: Exchange): FailureDraft[] | undefined;
}
