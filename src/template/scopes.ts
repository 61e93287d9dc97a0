// What each kind of template may read. The renderers build their scopes as the `Scopes` types below
// and the start-up check (check.ts) reads `SCOPES`, whose fields TypeScript holds to those same types:
// a field cannot be served without the check knowing it, nor known without being served.
import type { JobView } from '../core/lifecycle/view.js';
import type { ErrorRequest } from '../mock/errors.js';

/**
 * `value`: nothing below it; `open`: data whose fields the spec decides (a request's body, a job's
 * input or result, an array's elements), never refused; `states`: one value per state of the API's
 * lifecycle (lifecycle.states), so only a declared state name may follow; or the fields below it.
 */
export type Field = 'value' | 'open' | 'states' | { readonly [name: string]: Field };

/** Exactly one entry per field of T, so the declaration and the type cannot drift apart. */
type Fields<T> = { readonly [K in keyof Required<T>]: Field };

/** A list role's page, as its body template sees it. */
export interface PageView {
  /** the items, each rendered with the item template */
  items: unknown[];
  /** how many jobs matched, over every page */
  total: number;
  /** the page size in force (the limit asked for, bounded; the default without one), null where the list does not page */
  limit: number | null;
  nextCursor: string | null;
  /** the ids of the page's first and last jobs, null on an empty page (OpenAI's first_id, last_id) */
  firstId: string | null;
  lastId: string | null;
  /** more jobs in the direction being paged (Stripe's has_more: before the page when paging backwards) */
  hasMore: boolean;
  /** absolute URLs of the neighbouring pages on the twin, or null (DRF's next, previous) */
  next: string | null;
  previous: string | null;
}

/** An error, as an error envelope sees it. */
export interface ErrorView {
  status: number;
  message: string | string[];
  title: string;
  code: string;
  details: unknown[];
}

/** The scope of each kind of template, as the renderers build it. */
export interface Scopes {
  /** an operation's body or a list's item: one job */
  job: { req: ErrorRequest; now: number; job: JobView };
  /** a list operation's body */
  page: { req: ErrorRequest; now: number; page: PageView };
  /** simulation.result and partialResult, rendered into job.result */
  result: { job: JobView; now: number };
  /** errors.envelope and errors.byStatus */
  error: { req: ErrorRequest; now: number; error: ErrorView };
  /** errors.messages: rendered before the envelope, so without `error` */
  message: { req: ErrorRequest; now: number };
}
export type TemplateKind = keyof Scopes;

const REQ: Fields<ErrorRequest> = { path: 'value', method: 'value', params: 'open', query: 'open', origin: 'value', base: 'value' };

const JOB: Fields<JobView> = {
  id: 'value',
  api: 'value',
  tenant: 'value',
  type: 'value',
  status: 'value',
  attempts: 'value',
  attemptsStarted: 'value',
  maxAttempts: 'value',
  createdAt: 'value',
  startedAt: 'value',
  finishedAt: 'value',
  updatedAt: 'value',
  failedReason: 'value',
  error: 'value',
  result: 'open',
  input: 'open',
  itemIds: 'open',
  itemNumbers: 'open',
  seed: 'value',
  runMs: 'value',
  enteredAt: 'states',
  progress: 'value',
  dataRemoved: 'value',
  deadlineAt: 'value',
  webhookStatus: 'value',
};

const PAGE: Fields<PageView> = {
  items: 'open',
  total: 'value',
  limit: 'value',
  nextCursor: 'value',
  firstId: 'value',
  lastId: 'value',
  hasMore: 'value',
  next: 'value',
  previous: 'value',
};

const ERROR: Fields<ErrorView> = { status: 'value', message: 'value', title: 'value', code: 'value', details: 'open' };

export const SCOPES: { readonly [K in TemplateKind]: Fields<Scopes[K]> } = {
  job: { req: REQ, now: 'value', job: JOB },
  page: { req: REQ, now: 'value', page: PAGE },
  result: { job: JOB, now: 'value' },
  error: { req: REQ, now: 'value', error: ERROR },
  message: { req: REQ, now: 'value' },
};

/** How a message names a kind of template. */
export const KIND_NAMES: Record<TemplateKind, string> = {
  job: "a job's template",
  page: "a list's body",
  result: 'a result template',
  error: 'an error envelope',
  message: 'an error message',
};
