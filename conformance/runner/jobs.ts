// What the suite does to real jobs on the target: create, read, cancel, list, results, read as the
// other tenant, wait for the end. Each exchange is judged with the purpose it was sent for.
import { fieldsRemovedBy } from '../../src/spec/data-fields.js';
import type { OperationModel } from '../../src/spec/model.js';
import { schemaObject } from '../../src/spec/operation-view.js';
import type { RequestParts } from '../http/build.js';
import { sleep } from '../http/rate-limit.js';
import type { Exchange } from '../http/types.js';
import { newTrace, remember, statusObservations, type JobTrace } from '../model/job.js';
import { itemsPointer, layoutOf, readObservation, type Observation } from '../model/observation.js';
import { getAt } from '../model/pointer.js';
import { notFoundStatus, is2xx } from '../checks/util.js';
import type { RunContext, Where } from './context.js';
import { addPaging, afterPage, pageSignals, type PagePosition } from './list-pages.js';

const MAX_PAGES = 20;

function paramName(op: OperationModel): string | undefined {
  return op.ext?.jobId?.in === 'path' ? op.ext.jobId.name : undefined;
}

/** The smallest valid request for a job operation: its id, and the required parameters' pinned or example values. */
export function jobParts(op: OperationModel, id: string): RequestParts {
  const parts: RequestParts = { params: {}, query: {}, headers: {} };
  const idName = paramName(op);
  for (const p of op.parameters) {
    const schema = schemaObject(p.schema);
    if (p.in === 'path') parts.params[p.name] = p.name === idName ? id : String(p.example ?? schema?.example ?? schema?.default ?? 'x');
    else if (p.required && (p.in === 'query' || p.in === 'header')) {
      const value = p.example ?? schema?.example ?? schema?.default ?? schema?.enum?.[0];
      if (value !== undefined) (p.in === 'query' ? parts.query : parts.headers)[p.name] = String(value);
    }
  }
  if (op.ext?.jobId?.in === 'query') parts.query[op.ext.jobId.name] = id;
  return parts;
}

function observe(ctx: RunContext, job: JobTrace, op: OperationModel, exchange: Exchange, where: Where, layout = ctx.statusLayout): Observation | undefined {
  const r = exchange.response;
  if (!r || !is2xx(r.status)) return undefined;
  const observation = readObservation(layout, r.body, { at: exchange.at, seq: exchange.seq, httpStatus: r.status });
  if (observation.status === undefined && observation.problems.length === 0) return undefined;
  job.observations.push(observation);
  ctx.judge(op, exchange, { kind: 'status', job, observation }, where);
  return observation;
}

export async function createJob(ctx: RunContext, parts: RequestParts, where: Where): Promise<JobTrace | undefined> {
  return adoptCreate(ctx, await ctx.send(ctx.api.byRole.create!, parts), where);
}

/** Judges a create's answer and, when it made a job, starts its trace. */
export function adoptCreate(ctx: RunContext, exchange: Exchange, where: Where): JobTrace | undefined {
  const op = ctx.api.byRole.create!;
  const layout = layoutOf(op.body, ctx.api.ext.lifecycle.running);
  const r = exchange.response;
  const idSpot = layout.id;
  const id = r && is2xx(r.status) && idSpot ? getAt(r.body, idSpot.pointer).value : undefined;
  const job = typeof id === 'string' || typeof id === 'number' ? newTrace(String(id), exchange) : undefined;
  ctx.judge(op, exchange, job ? { kind: 'create', job } : { kind: 'positive' }, where);
  if (job && layout.status) observe(ctx, job, op, exchange, where, layout);
  return job;
}

/** Reads the job's status; a live job must be found (a valid request), a removed one must not. */
export async function readStatus(ctx: RunContext, job: JobTrace, where: Where): Promise<Exchange | undefined> {
  const op = ctx.api.byRole.status;
  if (!op) return undefined;
  const exchange = await ctx.send(op, jobParts(op, job.id));
  remember(job, exchange);
  if (!observe(ctx, job, op, exchange, where)) ctx.judge(op, exchange, job.removed ? { kind: 'plain' } : { kind: 'positive' }, where, job);
  return exchange;
}

export async function readAsOther(ctx: RunContext, job: JobTrace, where: Where): Promise<void> {
  for (const op of [ctx.api.byRole.status, ctx.api.byRole.results]) {
    if (!op) continue;
    const exchange = await ctx.send(op, jobParts(op, job.id), 'other');
    ctx.judge(op, exchange, { kind: 'other-tenant', job, notFoundStatus: notFoundStatus(op) ?? 404 }, where);
  }
}

export async function readResults(ctx: RunContext, job: JobTrace, where: Where): Promise<void> {
  const op = ctx.api.byRole.results;
  if (!op) return;
  const exchange = await ctx.send(op, jobParts(op, job.id));
  remember(job, exchange);
  ctx.judge(op, exchange, { kind: 'read', job }, where);
}

export async function cancelJob(ctx: RunContext, job: JobTrace, where: Where): Promise<Exchange | undefined> {
  const op = ctx.api.byRole.cancel;
  if (!op) return undefined;
  const seen = statusObservations(job);
  const before = seen[seen.length - 1];
  const removedBefore = job.removed;
  const exchange = await ctx.send(op, jobParts(op, job.id));
  remember(job, exchange);
  const accepted = !!exchange.response && is2xx(exchange.response.status);
  const answerLayout = layoutOf(op.body, ctx.api.ext.lifecycle.running);
  const answered =
    accepted && answerLayout.status
      ? readObservation(answerLayout, exchange.response!.body, { at: exchange.at, seq: exchange.seq, httpStatus: exchange.response!.status })
      : undefined;
  if (accepted) {
    job.cancelled = true;
    if (ctx.model.cancel?.removes) job.removed = true;
  }
  const count = job.observations.length;
  const afterExchange = await readStatus(ctx, job, where);
  const after = job.observations.length > count ? job.observations[job.observations.length - 1] : undefined;
  const afterNotFound = afterExchange?.response?.status === (notFoundStatus(ctx.api.byRole.status!) ?? 404);
  ctx.judge(op, exchange, { kind: 'cancel', job, before, after, afterNotFound, removedBefore, answered }, where);
  // a cancel that removes the job's data: the record read right after must show it gone
  const removesData = ctx.model.cancel?.removesData;
  const statusOp = ctx.api.byRole.status;
  if (accepted && removesData && statusOp && afterExchange?.response && is2xx(afterExchange.response.status)) {
    const fields = [...fieldsRemovedBy(removesData)];
    ctx.judge(statusOp, afterExchange, { kind: 'data-removal', job, expect: 'removed', reference: undefined, by: 'cancel', fields }, where);
  }
  return exchange;
}

/** Walks the list (every job, small pages) looking for the job; the verdict is judged on the last page. */
export interface ListVerdict {
  verdict: 'found' | 'absent' | 'unknown';
  exchange: Exchange;
}

/** quiet: the pages get exchange-level checks only, and the caller judges the verdict. */
export async function listFind(
  ctx: RunContext,
  job: JobTrace,
  where: Where,
  tenant: 'main' | 'other' = 'main',
  quiet = false,
): Promise<ListVerdict | undefined> {
  const op = ctx.api.byRole.list;
  if (!op) return undefined;
  const ext = op.ext!;
  const paging = ext.paging;
  const limit = paging?.limit ? Math.min(paging.limit.max ?? 25, 25) : undefined;
  const itemLayout = layoutOf(op.item, ctx.api.ext.lifecycle.running);
  const items = itemsPointer(op.body);
  const seen = statusObservations(job);
  const before = seen[seen.length - 1];
  let at: PagePosition = { offset: 0 };
  for (let page = 0; page < MAX_PAGES; page++) {
    const parts: RequestParts = { params: {}, query: {}, headers: {} };
    if (ext.filter) {
      const all = Object.entries(ext.filter.values).find(([, states]) => states === '*')?.[0];
      if (all) parts.query[ext.filter.param] = all;
    }
    if (limit !== undefined && paging?.limit) parts.query[paging.limit.param] = String(limit);
    addPaging(parts, paging, at);
    const exchange = await ctx.send(op, parts, tenant);
    if (tenant === 'main') remember(job, exchange);
    const r = exchange.response;
    const list = r && is2xx(r.status) && items !== undefined ? getAt(r.body, items).value : undefined;
    if (!Array.isArray(list)) {
      ctx.judge(op, exchange, { kind: 'plain' }, where);
      return undefined;
    }
    const found = list.find((item) => itemLayout.id && String(getAt(item, itemLayout.id.pointer).value) === job.id);
    const ids = itemLayout.id
      ? list.map((item) => getAt(item, itemLayout.id!.pointer).value).flatMap((id) => (typeof id === 'string' || typeof id === 'number' ? [String(id)] : []))
      : [];
    const step = afterPage(paging, pageSignals(op, r!.body), ids, list.length, limit, at);
    const last = step.last || (paging?.style === 'id' && list.length === 0);
    const verdict = found ? 'found' : last ? 'absent' : 'unknown';
    const listed = found && itemLayout.status ? { status: String(getAt(found, itemLayout.status.pointer).value) } : undefined;
    const done = found || last || page === MAX_PAGES - 1;
    if (quiet) ctx.judge(op, exchange, { kind: 'plain' }, where);
    else ctx.judge(op, exchange, { kind: 'list', job, before, limit, listed, verdict: done ? verdict : 'unknown', otherTenant: tenant === 'other' }, where);
    if (done) return { verdict, exchange };
    at = step.next;
  }
  return undefined;
}

/** Status reads in a row without a usable answer (5xx, no answer) after which a job is no longer waited on. */
const MAX_BAD_READS = 3;

/**
 * Polls until the job ends (or is removed), backing off, for at most maxWaitMs after its creation.
 * With a budget it gives up sooner and says so (false), so that slow jobs can be waited for together.
 * A job that has shown a failure, or whose reads keep failing, is not waited on: its verdict is in,
 * and a broken server must make the run shorter, not longer. Nor is any once the run has stopped.
 */
export async function settle(ctx: RunContext, job: JobTrace, where: Where, budgetMs = Infinity): Promise<boolean> {
  const maxWaitMs = ctx.maxWaitMs;
  const until = Math.min(job.created.at + maxWaitMs, ctx.deadline);
  const giveUp = Date.now() + budgetMs;
  let pause = 20;
  let last: Exchange | undefined;
  let badReads = 0;
  let waitedOut = true;
  for (;;) {
    const state = statusObservations(job).at(-1)?.status;
    if (job.removed || (state !== undefined && ctx.model.isTerminal(state))) break;
    if (ctx.halted || ctx.failedJobs.has(job) || badReads >= MAX_BAD_READS) {
      waitedOut = false;
      break;
    }
    if (Date.now() >= until) break;
    if (Date.now() >= giveUp) return false;
    last = await readStatus(ctx, job, where);
    // 5xx and transport errors are reported by not_a_server_error; poll through a few of them
    if (!last || (last.response && last.response.status < 500 && !is2xx(last.response.status))) break;
    badReads = last.response && last.response.status < 500 ? 0 : badReads + 1;
    const state2 = statusObservations(job).at(-1)?.status;
    if (state2 !== undefined && ctx.model.isTerminal(state2)) break;
    await sleep(Math.min(pause, Math.max(0, Math.min(until, giveUp) - Date.now())), ctx.stopSignal);
    // at most a second apart: the phases wait together, and a state of a few seconds is still seen
    pause = Math.min(pause * 1.5, 1000);
  }
  const op = ctx.api.byRole.status;
  // eventual completion is judged only on a job that was waited for to the end
  if (waitedOut && op && last?.response && is2xx(last.response.status))
    ctx.judge(op, last, { kind: 'settled', job, waitedMs: Date.now() - job.created.at, maxWaitMs }, where);
  return true;
}
