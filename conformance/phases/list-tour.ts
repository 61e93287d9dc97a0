// The list tour: three fresh jobs, then every page of the list read in a row (two jobs a page, so
// there are page boundaries to cross), each job's state read just before and just after; and the
// first page under each filter value. Judged by list_consistency (duplicates, skips, order, filters).
// It goes first, and the rest of the run creates jobs only once its first walk is done; its last walk
// waits until nothing creates jobs any more (a job created mid-walk shifts offset pages).
import type { OperationModel } from '../../src/spec/model.js';
import { schemaObject } from '../../src/spec/operation-view.js';
import { validRequest } from '../arbitraries/request.js';
import type { ListedItem, WalkedJob } from '../checks/types.js';
import { walkProblems } from '../checks/list-walk.js';
import { is2xx } from '../checks/util.js';
import type { RequestParts } from '../http/build.js';
import type { Exchange } from '../http/types.js';
import { statusObservations, type JobTrace } from '../model/job.js';
import { bindingPointer, itemsPointer, layoutOf } from '../model/observation.js';
import { getAt } from '../model/pointer.js';
import { nextCursorOf } from '../model/next-cursor.js';
import type { RunContext, Where } from '../runner/context.js';
import { createJob, readStatus, settle } from '../runner/jobs.js';
import { runProperty, where } from '../runner/property.js';

const JOBS = 3;
const PAGE = 2;
const MAX_PAGES = 50;

interface Walked {
  items: ListedItem[];
  complete: boolean;
  last?: Exchange;
}

function pageLimit(op: OperationModel, wanted: number): number | undefined {
  const limit = op.ext?.paging?.limit;
  if (!limit) return undefined;
  const param = op.parameters.find((p) => p.in === 'query' && p.name === limit.param);
  const min = Number(schemaObject(param?.schema)?.minimum ?? 1);
  return Math.min(Math.max(wanted, Number.isFinite(min) ? min : 1), limit.max ?? wanted);
}

/** Reads pages in a row; with `maxPages` 1, only the first. Each page gets the exchange-level checks. */
async function walk(
  ctx: RunContext,
  op: OperationModel,
  w: Where,
  filterValue: string | undefined,
  limit: number | undefined,
  maxPages: number,
): Promise<Walked> {
  const ext = op.ext!;
  const paging = ext.paging;
  const items = itemsPointer(op.body);
  const layout = layoutOf(op.item, ctx.api.ext.lifecycle.running);
  const cursorPointer = bindingPointer(op.body, 'page.nextCursor');
  const out: Walked = { items: [], complete: false };
  let offset = 0;
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const parts: RequestParts = { params: {}, query: {}, headers: {} };
    if (ext.filter && filterValue !== undefined) parts.query[ext.filter.param] = filterValue;
    if (limit !== undefined && paging?.limit) parts.query[paging.limit.param] = String(limit);
    if (paging?.style === 'offset' && paging.offset && offset > 0) parts.query[paging.offset.param] = String(offset);
    if (paging?.style === 'cursor' && paging.cursor && cursor) parts.query[paging.cursor.param] = cursor;
    const exchange = await ctx.send(op, parts);
    ctx.judge(op, exchange, { kind: 'plain' }, w);
    out.last = exchange;
    const r = exchange.response;
    const list = r && is2xx(r.status) && items !== undefined ? getAt(r.body, items).value : undefined;
    if (!Array.isArray(list) || !layout.id) return out;
    list.forEach((item, index) => {
      const id = getAt(item, layout.id!.pointer).value;
      const status = layout.status ? getAt(item, layout.status.pointer).value : undefined;
      if (typeof id === 'string' || typeof id === 'number')
        out.items.push({ id: String(id), status: typeof status === 'string' ? status : undefined, page, index });
    });
    const next = nextCursorOf(op, cursorPointer, r!.body, list, layout.id.pointer, limit);
    const last =
      paging?.style === 'cursor' ? typeof next !== 'string' || next === '' : paging?.style === 'offset' ? limit === undefined || list.length < limit : true;
    if (last) {
      out.complete = true;
      return out;
    }
    offset += list.length;
    cursor = typeof next === 'string' ? next : undefined;
  }
  return out;
}

/** Each job's state now (undefined when unreadable), read through the status operation. */
async function states(ctx: RunContext, jobs: JobTrace[], w: Where): Promise<Array<{ state?: string; gone: boolean }>> {
  const out = [];
  for (const job of jobs) {
    const count = job.observations.length;
    const exchange = await readStatus(ctx, job, w);
    const ok = !!exchange?.response && is2xx(exchange.response.status);
    out.push({
      state: ok && job.observations.length > count ? statusObservations(job).at(-1)?.status : undefined,
      gone: !!exchange?.response && !ok && exchange.response.status < 500,
    });
  }
  return out;
}

/** Walks every page between two reads of each job's state and judges the walk; a walk that shows a
 * problem is repeated once, so a job created by someone else mid-walk is not blamed. */
async function walkAndJudge(ctx: RunContext, op: OperationModel, w: Where, jobs: JobTrace[], all: string | undefined): Promise<void> {
  const order = op.ext?.order ?? 'newest';
  const limit = pageLimit(op, PAGE);
  let judged: { walked: Walked; walkedJobs: WalkedJob[] } | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const before = await states(ctx, jobs, w);
    const walked = await walk(ctx, op, w, all, limit, MAX_PAGES);
    const after = await states(ctx, jobs, w);
    const walkedJobs = jobs.map((job, i) => ({ job, before: before[i].state, after: after[i].state, gone: before[i].gone || after[i].gone }));
    judged = { walked, walkedJobs };
    if (walkProblems({ kind: 'list-walk', items: walked.items, complete: walked.complete, jobs: walkedJobs, order }).length === 0) break;
  }
  const { walked, walkedJobs } = judged!;
  if (!walked.last) return;
  if (!walked.complete)
    ctx.skip('lifecycle', `${w.property}: the list has more than ${MAX_PAGES} pages of ${limit ?? 'all'} jobs: skipped jobs were not looked for`);
  ctx.judge(op, walked.last, { kind: 'list-walk', items: walked.items, complete: walked.complete, jobs: walkedJobs, order }, w);
}

/** The first page under each filter value, judged with the ended states our jobs were seen in before. */
async function readFiltered(ctx: RunContext, op: OperationModel, w: Where, jobs: JobTrace[]): Promise<void> {
  const ext = op.ext!;
  for (const [value, allowed] of Object.entries(ext.filter?.values ?? {})) {
    if (allowed === '*') continue;
    const endedBefore: Record<string, string> = {};
    for (const job of jobs) {
      const state = statusObservations(job).at(-1)?.status;
      if (state !== undefined && ctx.model.isTerminal(state)) endedBefore[job.id] = state;
    }
    const page = await walk(ctx, op, w, value, pageLimit(op, 25), 1);
    if (page.last) ctx.judge(op, page.last, { kind: 'list-filter', param: ext.filter!.param, value, states: allowed, items: page.items, endedBefore }, w);
  }
}

export async function listTour(ctx: RunContext): Promise<void> {
  try {
    await tour(ctx);
  } finally {
    ctx.gates.listed.open();
  }
}

async function tour(ctx: RunContext): Promise<void> {
  const op = ctx.api.byRole.list;
  const create = ctx.api.byRole.create;
  if (!op || !create) return;
  const w = where('lifecycle', op.operationId, 'list-tour');
  const ext = op.ext!;
  await runProperty(
    ctx,
    w,
    validRequest(create),
    async (parts) => {
      const found = ctx.found;
      // a run after the first (shrinking) waits until nothing else creates jobs
      if (ctx.gates.listed.isOpen) await ctx.gates.quiet.opened;
      const jobs: JobTrace[] = [];
      for (let i = 0; i < JOBS; i++) {
        const job = await createJob(ctx, parts as RequestParts, w);
        if (job) jobs.push(job);
      }
      if (jobs.length < 2) {
        ctx.gates.listed.open();
        ctx.skip('lifecycle', `${w.property}: fewer than two jobs could be created, so the list was not walked`);
        return ctx.found - found;
      }
      const all = ext.filter ? Object.entries(ext.filter.values).find(([, s]) => s === '*')?.[0] : undefined;
      // while the jobs still change state (where the order is unspecified they may move), then once ended
      await walkAndJudge(ctx, op, w, jobs, all);
      await readFiltered(ctx, op, w, jobs);
      ctx.gates.listed.open();
      await Promise.all(jobs.map((j) => settle(ctx, j, w)));
      await ctx.gates.quiet.opened;
      await walkAndJudge(ctx, op, w, jobs, all);
      // once our jobs have ended, a filter that excludes their end state must not list them
      await readFiltered(ctx, op, w, jobs);
      return ctx.found - found;
    },
    1,
  );
}
