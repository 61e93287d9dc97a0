// One page of the list asked for a window of creation times around the tour's jobs, judged by
// list_window: the newest job sits on the exclusive `until` bound, so a list that ignores it shows it.
import type { OperationModel } from '../../src/spec/model.js';
import { schemaObject } from '../../src/spec/operation-view.js';
import { is2xx } from '../checks/util.js';
import type { WindowBound, WindowItem } from '../checks/types.js';
import type { RequestParts } from '../http/build.js';
import type { JobTrace } from '../model/job.js';
import { itemsPointer, layoutOf, readObservation } from '../model/observation.js';
import { getAt } from '../model/pointer.js';
import type { RunContext, Where } from '../runner/context.js';

/** When the job was created, as the target said it (the first read that showed it). */
function createdAt(job: JobTrace): number | undefined {
  for (const o of job.observations) if (typeof o.times.createdAt === 'number') return o.times.createdAt;
  return undefined;
}

/** The bound as the parameter takes it: unix seconds where its schema is a number, else a date-time. */
function bound(op: OperationModel, param: string, at: number): WindowBound {
  const schema = schemaObject(op.parameters.find((p) => p.in === 'query' && p.name === param)?.schema);
  const types = [schema?.type].flat();
  if (types.includes('integer') || types.includes('number')) {
    const seconds = Math.floor(at / 1000);
    return { param, value: String(seconds), at: seconds * 1000 };
  }
  return { param, value: new Date(at).toISOString(), at };
}

export async function readWindow(
  ctx: RunContext,
  op: OperationModel,
  w: Where,
  jobs: JobTrace[],
  all: string | undefined,
  limit: number | undefined,
): Promise<void> {
  const ext = op.ext!;
  const times = jobs.map(createdAt).filter((t): t is number => t !== undefined);
  if ((!ext.since && !ext.until) || times.length < 2) return;
  const oldest = Math.min(...times);
  const newest = Math.max(...times);
  // with both bounds: from the oldest (inclusive) to the newest (exclusive); with one: at the newest
  const since = ext.since ? bound(op, ext.since.param, ext.until ? oldest : newest) : undefined;
  const until = ext.until ? bound(op, ext.until.param, newest) : undefined;
  const parts: RequestParts = { params: {}, query: {}, headers: {} };
  if (ext.filter && all !== undefined) parts.query[ext.filter.param] = all;
  if (limit !== undefined && ext.paging?.limit) parts.query[ext.paging.limit.param] = String(limit);
  for (const b of [since, until]) if (b) parts.query[b.param] = b.value;
  const exchange = await ctx.send(op, parts);
  const r = exchange.response;
  const pointer = itemsPointer(op.body);
  const list = r && is2xx(r.status) && pointer !== undefined ? getAt(r.body, pointer).value : undefined;
  if (!Array.isArray(list)) {
    ctx.judge(op, exchange, { kind: 'plain' }, w);
    return;
  }
  const layout = layoutOf(op.item, ctx.api.ext.lifecycle.running);
  const ours = new Map(jobs.map((j) => [j.id, createdAt(j)]));
  const items: WindowItem[] = [];
  for (const item of list) {
    const read = readObservation(layout, item, { at: Date.now(), seq: 0, httpStatus: r!.status });
    if (read.id === undefined) continue;
    const own = read.times.createdAt;
    items.push({ id: read.id, createdAt: typeof own === 'number' ? own : ours.get(read.id) });
  }
  ctx.judge(op, exchange, { kind: 'list-window', since, until, items }, w);
}
