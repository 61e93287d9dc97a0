// role: list — a tenant's jobs, filtered, ordered and paged as the operation declares.
import { jobView } from '../../core/lifecycle/view.js';
import { jobScope, pageScope, type HandlerContext, type Reply } from './context.js';
import type { ListOperation } from '../../spec/model.js';

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
  let since: number | null = null;
  if (ext.since && query[ext.since.param] !== undefined) {
    since = Date.parse(String(query[ext.since.param]));
    if (Number.isNaN(since)) return { problem: 'invalid', message: `${ext.since.param} must be a date-time` };
  }
  const matching = twin.liveJobs(api, ctx.tenant).filter(({ job, snap }) => (!wanted || wanted.has(snap.state)) && (since === null || job.createdAt >= since));
  if ((ext.order ?? 'newest') === 'newest') matching.reverse();
  // an unspecified order (the vendor documents none) is served newest first, as before it could be declared
  if (ext.order === 'unspecified') matching.reverse();

  const paging = ext.paging;
  const limit = paging?.limit
    ? Math.min(intParam(query[paging.limit.param], paging.limit.default) || paging.limit.default, paging.limit.max ?? Infinity)
    : matching.length;
  let start = 0;
  if (paging?.style === 'offset' && paging.offset) start = intParam(query[paging.offset.param], 0);
  // An empty cursor reads as none: the first page.
  const byId = paging?.cursor?.by === 'id';
  if (paging?.style === 'cursor' && paging.cursor && query[paging.cursor.param] !== undefined && query[paging.cursor.param] !== '') {
    const given = String(query[paging.cursor.param]);
    const after = byId ? (twin.liveJobs(api, ctx.tenant).find(({ job }) => job.id === given)?.job.seq ?? null) : decodeCursor(given);
    if (after === null || after < 1 || after > twin.lastSeq)
      return { problem: 'invalid', message: `${paging.cursor.param} is not a cursor this server issued` };
    const at = matching.findIndex(({ job }) => job.seq === after);
    // A cursor whose job has since expired still resumes at the right place: skip everything up to it.
    start = at >= 0 ? at + 1 : matching.findIndex(({ job }) => (ext.order === 'oldest' ? job.seq > after : job.seq < after));
    if (start < 0) start = matching.length;
  }
  const page = matching.slice(start, start + limit);
  const more = start + limit < matching.length;
  const items = page.map(({ job, snap }) => op.item.render(jobScope(ctx, jobView(api, job, now, snap))));
  const last = page[page.length - 1]?.job;
  const nextCursor = paging?.style === 'cursor' && more && last ? (byId ? last.id : encodeCursor(last.seq)) : null;
  return {
    status: op.successStatus,
    body: op.body.render(pageScope(ctx, { items, total: matching.length, nextCursor, limit: paging?.limit ? limit : null })),
  };
}
