// A list walked page by page by its own cursors (the last item's id, as OpenAI's after and Stripe's
// starting_after): every job of the run once and in order, and each page honest about itself.
import { defineCheck } from './define.js';
import { walkProblems } from './list-walk.js';
import type { FailureDraft, PageRead, PurposeOf } from './types.js';

type Paging = PurposeOf<'list-paging'>;

const show = (value: unknown) => JSON.stringify(value ?? null);

/** first_id and last_id must name the page's own first and last jobs (null on an empty page). */
function edgeProblems(pages: PageRead[]): FailureDraft[] {
  const out: FailureDraft[] = [];
  pages.forEach((page, n) => {
    for (const [field, got, want] of [
      ['first id', page.firstId, page.ids[0] ?? null],
      ['last id', page.lastId, page.ids.at(-1) ?? null],
    ] as const) {
      if (got === undefined || String(got.value ?? null) === String(want)) continue;
      out.push({
        message: `page ${n + 1}${page.cursor ? ` (after ${page.cursor})` : ''}: its ${field} is ${show(got.value)}, but the page ${page.ids.length ? `lists ${page.ids.join(', ')}` : 'is empty'}`,
        expected: show(want),
        received: show(got.value),
        key: field,
      });
    }
  });
  return out;
}

/** A page that says more follow must be followed by jobs; the last page must say none follow, and mean it. */
function moreProblems(p: Paging): FailureDraft[] {
  const out: FailureDraft[] = [];
  p.pages.forEach((page, n) => {
    const following = p.pages[n + 1];
    if (page.hasMore === true && following && following.ids.length === 0)
      out.push({
        message: `page ${n + 1} says has_more, yet the page after its last job (${page.ids.at(-1)}) is empty`,
        expected: 'has_more false on the last page',
        received: 'true, then an empty page',
        key: 'has_more true',
      });
  });
  const last = p.pages.at(-1);
  if (p.complete && last?.hasMore === true && last.ids.length === 0)
    out.push({ message: `the walk ended on an empty page that says has_more`, expected: 'false', received: 'true', key: 'has_more true at the end' });
  // oldest first, a job created since the walk ended belongs after its last page: only ours count there
  const ours = new Set(p.jobs.map((j) => j.job.id));
  const hidden = p.probe?.ids.filter((id) => p.order !== 'oldest' || ours.has(id)) ?? [];
  if (p.probe && hidden.length > 0)
    out.push({
      message: `the last page said no more jobs follow, yet the page after its last job (${p.probe.cursor}) lists ${hidden.length}: ${hidden.slice(0, 5).join(', ')}`,
      expected: 'nothing after the last page',
      received: `${hidden.length} jobs`,
      key: 'has_more false',
    });
  return out;
}

/**
 * Where a skipped job should have been: after the nearest job of ours created next to it in the list's
 * order. When that job ends a page, the page asked for after its id is the one that left it out.
 */
function skippedAt(p: Paging, id: string): string {
  const k = p.jobs.findIndex((j) => j.job.id === id);
  // jobs are in creation order; newest first lists the next newer job just ahead of it
  const ahead = p.order === 'oldest' ? p.jobs.slice(0, k).reverse() : p.jobs.slice(k + 1);
  for (const j of ahead) {
    const n = p.pages.findIndex((page) => page.ids.includes(j.job.id));
    if (n < 0) continue;
    const next = p.pages[n + 1];
    return p.pages[n].ids.at(-1) === j.job.id && next ? `: the page after ${j.job.id} (page ${n + 2}) left it out` : '';
  }
  return '';
}

export const listPaging = defineCheck({
  name: 'list_paging',
  title: 'List paging',
  catches:
    "a cursor (the last item's id) whose page skips or repeats a job, jobs out of the documented order across pages, a has_more (or next link) that says more follow when none do or none when some do, a first_id or last_id that is not the page's own",
  purposes: ['list-paging'],
  needsResponse: true,
  skipReason: (run) => {
    const op = run.api.byRole.list;
    if (!op) return 'the spec has no list operation';
    return op.ext?.paging?.style === 'id' ? 'the list was not walked' : 'the list is not paged by id and its pages bind no has_more, first_id or last_id';
  },
  run(ctx) {
    const p = ctx.purpose;
    const walk = walkProblems({
      kind: 'list-walk',
      items: p.pages.flatMap((page, n) => page.ids.map((id, index) => ({ id, page: n, index }))),
      complete: p.complete,
      jobs: p.jobs,
      order: p.order,
    });
    const cursors = p.pages.map((page) => page.cursor).filter((c) => c !== undefined);
    const via = cursors.length ? ` (pages asked for after ${cursors.slice(0, 3).join(', ')}${cursors.length > 3 ? `, … ${cursors.length - 3} more` : ''})` : '';
    const where = (f: FailureDraft) => (f.key === 'skipped' ? skippedAt(p, /^job (\S+) /.exec(f.message)?.[1] ?? '') : '');
    return [...walk.map((f) => ({ ...f, message: `walking by cursor: ${f.message}${where(f)}${via}` })), ...edgeProblems(p.pages), ...moreProblems(p)];
  },
});
