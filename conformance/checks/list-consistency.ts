import { statusObservations } from '../model/job.js';
import { itemsPointer } from '../model/observation.js';
import { getAt } from '../model/pointer.js';
import { filterProblems, walkProblems } from './list-walk.js';
import { defineCheck } from './define.js';
import type { CheckContext, FailureDraft } from './types.js';

export const listConsistency = defineCheck({
  name: 'list_consistency',
  title: 'List consistency',
  catches:
    "a created job missing from its tenant's list or skipped between pages, a job on two pages, jobs out of the documented order, a filter that lets other states through, a job listed in a state it cannot have been in at the time, or a page larger than the limit asked for",
  purposes: ['list', 'list-walk', 'list-filter'],
  needsResponse: true,
  skipReason: (run) => (run.api.byRole.list ? 'no list was read' : 'the spec has no list operation'),
  // another tenant's list reads are tenant_isolation's
  applies: (ctx, exchange) => !(ctx.purpose.kind === 'list' && ctx.purpose.otherTenant) && exchange.response.status < 300,
  run(ctx, exchange) {
    const p = ctx.purpose;
    if (p.kind === 'list-walk') return walkProblems(p);
    if (p.kind === 'list-filter') return filterProblems(p, ctx.model);
    const out: FailureDraft[] = [];
    const base = { observations: statusObservations(p.job).slice(-5) };
    const m = ctx.model;
    if (p.limit !== undefined) {
      const items = pageSize(ctx, exchange.response.body);
      if (items !== undefined && items > p.limit)
        out.push({ message: `${items} jobs on a page asked for limit=${p.limit}`, expected: `at most ${p.limit}`, received: String(items), key: 'limit' });
    }
    // Without a documented order (BullMQ groups by state) a job that was still changing state may have
    // moved to a page already read while the pages were walked: only an ended job must be found.
    const mayHaveMoved = ctx.op.ext?.order === 'unspecified' && !(p.before?.status !== undefined && m.isTerminal(p.before.status));
    if (p.verdict === 'absent' && !p.job.removed && !mayHaveMoved) {
      out.push({
        message: `job ${p.job.id} (created by this tenant, ${p.before?.status ?? 'state unknown'}) is not listed`,
        expected: 'the job listed',
        received: 'absent from every page',
        key: 'absent',
        exchanges: [p.job.created],
        ...base,
      });
    }
    if (p.verdict === 'found' && p.job.removed) {
      out.push({
        message: `job ${p.job.id} is listed after it was cancelled and removed`,
        expected: 'absent',
        received: 'listed',
        key: 'removed listed',
        ...base,
      });
    }
    const listed = p.listed?.status;
    if (p.verdict === 'found' && listed !== undefined && m.isState(listed)) {
      const from = p.before?.status;
      const to = p.after?.status;
      const okFrom = from === undefined || !m.isState(from) || m.canReach(from, listed);
      const okTo = to === undefined || !m.isState(to) || m.canReach(listed, to);
      if (!okFrom || !okTo) {
        out.push({
          message: `job ${p.job.id} is listed as "${listed}" between status reads "${from ?? '?'}" and "${to ?? '?'}"`,
          expected: `a state between: ${[...m.between(from, to)].join(', ') || '(none)'}`,
          received: listed,
          key: `listed ${listed} between ${from} ${to}`,
          ...base,
        });
      }
    }
    return out;
  },
});

function pageSize(ctx: CheckContext, body: unknown): number | undefined {
  const pointer = itemsPointer(ctx.op.body);
  if (pointer === undefined) return undefined;
  const { value } = getAt(body, pointer);
  return Array.isArray(value) ? value.length : undefined;
}
