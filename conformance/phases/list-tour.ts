// The list tour: three fresh jobs, then every page of the list read in a row (two jobs a page, so
// there are page boundaries to cross), each job's state read just before and just after; and the
// first page under each filter value. Judged by list_consistency (duplicates, skips, order, filters);
// a list paged by id (or whose pages say has_more) also by list_paging, a time window by list_window.
// It goes first, and the rest of the run creates jobs only once its first walk is done; its last walk
// waits until nothing creates jobs any more (a job created mid-walk shifts offset pages).
import type { OperationModel } from '../../src/spec/model.js';
import { schemaObject } from '../../src/spec/operation-view.js';
import { validRequest } from '../arbitraries/request.js';
import type { ListedItem, PageRead, WalkedJob } from '../checks/types.js';
import { walkProblems } from '../checks/list-walk.js';
import { is2xx } from '../checks/util.js';
import type { RequestParts } from '../http/build.js';
import type { Exchange } from '../http/types.js';
import { statusObservations, type JobTrace } from '../model/job.js';
import { bindingPointer, itemsPointer, layoutOf } from '../model/observation.js';
import { getAt } from '../model/pointer.js';
import type { RunContext, Where } from '../runner/context.js';
import { createJob, readStatus, settle } from '../runner/jobs.js';
import { readWindow } from './list-window.js';
import { addPaging, afterPage, pageSignals, type PagePosition } from '../runner/list-pages.js';
import { runProperty, where } from '../runner/property.js';

const JOBS = 3;
const PAGE = 2;
const MAX_PAGES = 50;

interface Walked {
  items: ListedItem[];
  complete: boolean;
  last?: Exchange;
  /** each page read: its ids, the cursor that asked for it and what it said of its neighbours */
  pages: PageRead[];
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
  from?: string,
): Promise<Walked> {
  const ext = op.ext!;
  const paging = ext.paging;
  const items = itemsPointer(op.body);
  const layout = layoutOf(op.item, ctx.api.ext.lifecycle.running);
  const out: Walked = { items: [], complete: false, pages: [] };
  let at: PagePosition = { offset: 0, cursor: from };
  for (let page = 0; page < maxPages; page++) {
    const parts: RequestParts = { params: {}, query: {}, headers: {} };
    if (ext.filter && filterValue !== undefined) parts.query[ext.filter.param] = filterValue;
    if (limit !== undefined && paging?.limit) parts.query[paging.limit.param] = String(limit);
    addPaging(parts, paging, at);
    const exchange = await ctx.send(op, parts);
    ctx.judge(op, exchange, { kind: 'plain' }, w);
    out.last = exchange;
    const r = exchange.response;
    const list = r && is2xx(r.status) && items !== undefined ? getAt(r.body, items).value : undefined;
    if (!Array.isArray(list) || !layout.id) return out;
    const ids: string[] = [];
    list.forEach((item, index) => {
      const id = getAt(item, layout.id!.pointer).value;
      const status = layout.status ? getAt(item, layout.status.pointer).value : undefined;
      if (typeof id === 'string' || typeof id === 'number') {
        ids.push(String(id));
        out.items.push({ id: String(id), status: typeof status === 'string' ? status : undefined, page, index });
      }
    });
    const signals = pageSignals(op, r!.body);
    out.pages.push({ ids, cursor: at.cursor, ...signals });
    const step = afterPage(paging, signals, ids, list.length, limit, at);
    // an empty page ends an id walk whatever it says: it names no id to go on from
    if (step.last || (paging?.style === 'id' && list.length === 0)) {
      out.complete = true;
      return out;
    }
    at = step.next;
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
  if (pagedByItsOwnWord(op)) {
    const probe = walked.complete ? await probeAfter(ctx, op, w, all, limit, walked.pages.at(-1)) : undefined;
    ctx.judge(op, walked.last, { kind: 'list-paging', pages: walked.pages, complete: walked.complete, jobs: walkedJobs, order, probe }, w);
  }
}

/** A list paged by the last item's id, or whose pages say what follows them: list_paging judges its walks. */
function pagedByItsOwnWord(op: OperationModel): boolean {
  return op.ext?.paging?.style === 'id' || ['page.hasMore', 'page.firstId', 'page.lastId'].some((path) => bindingPointer(op.body, path) !== undefined);
}

/** The page after the walk's last id, which must be empty: a has_more that said false may have lied. */
async function probeAfter(ctx: RunContext, op: OperationModel, w: Where, all: string | undefined, limit: number | undefined, last: PageRead | undefined) {
  const paging = op.ext?.paging;
  const cursor = last?.ids.at(-1);
  if (paging?.style !== 'id' || cursor === undefined) return undefined;
  const page = await walk(ctx, op, w, all, limit, 1, cursor);
  return page.pages[0] ? { cursor, ids: page.pages[0].ids } : undefined;
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
      await readWindow(ctx, op, w, jobs, all, pageLimit(op, 25));
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
