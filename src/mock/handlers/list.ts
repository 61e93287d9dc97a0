// role: list — a tenant's jobs, filtered, ordered and paged as the operation declares.
import { jobView } from '../../core/lifecycle/view.js';
import { jobScope, pageScope, type HandlerContext, type Reply } from './context.js';
import { inWindow, windowOf } from './list-window.js';
import { pageUrl } from './page-links.js';
import type { ListOperation } from '../../spec/model.js';
import type { LiveJob } from '../../core/twin.js';

function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ after: seq })).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Number.isInteger(value?.after) ? value.after : null;
  } catch {
    return null;
  }
}

function intParam(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

function given(value: unknown): value is string | number {
  return value !== undefined && value !== '';
}

/** Where the page starts and ends in the matching jobs, or the message of an invalid request. */
type Slice = { start: number; end: number; backwards?: boolean } | { message: string };

/**
 * Id paging: the page after (or before) a job of the list. The job named need not match the filter or
 * window any more (its state may have changed): its place in the order is what counts. A job the
 * tenant does not have (never created, expired, removed) is refused, as Stripe refuses it.
 */
function idSlice(ctx: HandlerContext<ListOperation>, matching: LiveJob[], limit: number): Slice {
  const paging = ctx.op.ext.paging!;
  const query = ctx.valid.query;
  const after = paging.after && given(query[paging.after.param]) ? String(query[paging.after.param]) : undefined;
  const before = paging.before && given(query[paging.before.param]) ? String(query[paging.before.param]) : undefined;
  if (after !== undefined && before !== undefined) return { message: `give ${paging.after!.param} or ${paging.before!.param}, not both` };
  const raw = after ?? before;
  if (raw === undefined) return { start: 0, end: Math.min(limit, matching.length) };
  const param = after !== undefined ? paging.after!.param : paging.before!.param;
  const id = ctx.api.ext.ids.format === 'uuid' ? raw.toLowerCase() : raw;
  const cursor = ctx.twin.find(ctx.api, ctx.tenant, id);
  if (!cursor) return { message: `${param}: no job ${id} in this list` };
  // the list runs newest first unless declared oldest first (unspecified is served newest first)
  const oldestFirst = ctx.op.ext.order === 'oldest';
  const follows = (seq: number) => (oldestFirst ? seq > cursor.seq : seq < cursor.seq);
  const at = matching.findIndex(({ job }) => follows(job.seq));
  const split = at < 0 ? matching.length : at;
  if (after !== undefined) return { start: split, end: Math.min(split + limit, matching.length) };
  // before: the jobs just ahead of the cursor, still in list order
  const end = matching[split - 1]?.job.seq === cursor.seq ? split - 1 : split;
  return { start: Math.max(0, end - limit), end, backwards: true };
}

export function handleList(ctx: HandlerContext<ListOperation>): Reply {
  const { api, op, twin, now } = ctx;
  const ext = op.ext;
  const query = ctx.valid.query;
  let wanted: Set<string> | null = null;
  if (ext.filter) {
    const key = query[ext.filter.param];
    const values = key === undefined ? '*' : ext.filter.values[String(key)];
    if (values === undefined) return { problem: 'invalid', message: `${ext.filter.param} must be one of ${Object.keys(ext.filter.values).join(', ')}` };
    if (values !== '*') wanted = new Set(values);
  }
  const window = windowOf(ext, query);
  if ('message' in window) return { problem: 'invalid', message: window.message };
  const matching = twin.liveJobs(api, ctx.tenant).filter(({ job, snap }) => (!wanted || wanted.has(snap.state)) && inWindow(window, job.createdAt));
  if ((ext.order ?? 'newest') === 'newest') matching.reverse();
  // an unspecified order (the vendor documents none) is served newest first, as before it could be declared
  if (ext.order === 'unspecified') matching.reverse();

  const paging = ext.paging;
  const limit = paging?.limit
    ? Math.min(intParam(query[paging.limit.param], paging.limit.default) || paging.limit.default, paging.limit.max ?? Infinity)
    : matching.length;
  let slice: Slice = { start: 0, end: Math.min(limit, matching.length) };
  if (paging?.style === 'offset' && paging.offset) {
    const start = Math.min(intParam(query[paging.offset.param], 0), matching.length);
    slice = { start, end: Math.min(start + limit, matching.length) };
  }
  // An empty cursor reads as none: the first page.
  if (paging?.style === 'cursor' && paging.cursor && given(query[paging.cursor.param])) {
    const after = decodeCursor(String(query[paging.cursor.param]));
    if (after === null || after < 1 || after > twin.lastSeq)
      return { problem: 'invalid', message: `${paging.cursor.param} is not a cursor this server issued` };
    const at = matching.findIndex(({ job }) => job.seq === after);
    // A cursor whose job has since expired still resumes at the right place: skip everything up to it.
    let start = at >= 0 ? at + 1 : matching.findIndex(({ job }) => (ext.order === 'oldest' ? job.seq > after : job.seq < after));
    if (start < 0) start = matching.length;
    slice = { start, end: Math.min(start + limit, matching.length) };
  }
  if (paging?.style === 'id') slice = idSlice(ctx, matching, limit);
  if ('message' in slice) return { problem: 'invalid', message: slice.message };

  const { start, end } = slice;
  const page = matching.slice(start, end);
  const later = end < matching.length;
  const earlier = start > 0;
  const items = page.map(({ job, snap }) => op.item.render(jobScope(ctx, jobView(api, job, now, snap))));
  const nextCursor = paging?.style === 'cursor' && later && page.length ? encodeCursor(page[page.length - 1].job.seq) : null;
  const firstId = page[0]?.job.id ?? null;
  const lastId = page.at(-1)?.job.id ?? null;
  const links = neighbours(ctx, { start, end, later, earlier, limit, nextCursor, firstId, lastId });
  return {
    status: op.successStatus,
    body: op.body.render(
      pageScope(ctx, {
        items,
        total: matching.length,
        limit: paging?.limit ? limit : null,
        nextCursor,
        firstId,
        lastId,
        // Stripe's has_more: more in the direction the client is paging
        hasMore: slice.backwards ? earlier : later,
        ...links,
      }),
    ),
  };
}

interface PageFacts {
  start: number;
  end: number;
  later: boolean;
  earlier: boolean;
  limit: number;
  nextCursor: string | null;
  firstId: string | null;
  lastId: string | null;
}

/** The URLs of the next and previous pages, where the paging style can name them. */
function neighbours(ctx: HandlerContext<ListOperation>, f: PageFacts): { next: string | null; previous: string | null } {
  const paging = ctx.op.ext.paging;
  if (!paging) return { next: null, previous: null };
  const drop = (['offset', 'cursor', 'after', 'before'] as const).flatMap((k) => (paging[k] ? [paging[k]!.param] : []));
  const link = (set: Record<string, string>) => pageUrl(ctx.req, set, drop);
  if (paging.style === 'offset' && paging.offset) {
    const param = paging.offset.param;
    return {
      next: f.later ? link({ [param]: String(f.end) }) : null,
      previous: f.earlier ? link(f.start - f.limit > 0 ? { [param]: String(f.start - f.limit) } : {}) : null,
    };
  }
  if (paging.style === 'cursor' && paging.cursor) return { next: f.nextCursor === null ? null : link({ [paging.cursor.param]: f.nextCursor }), previous: null };
  if (paging.style === 'id' && paging.after) {
    return {
      next: f.later && f.lastId !== null ? link({ [paging.after.param]: f.lastId }) : null,
      previous: f.earlier && f.firstId !== null && paging.before ? link({ [paging.before.param]: f.firstId }) : null,
    };
  }
  return { next: null, previous: null };
}
