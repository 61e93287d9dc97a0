// What a list walk (every page read in a row) and a filtered page show against the spec: a job on two
// pages, one of our jobs on none, our jobs out of the documented order, a state the filter excludes.
// Where the order is unspecified (BullMQ groups by state), a job whose state changed between the page
// reads may have moved to a page already read: it is set aside, neither a duplicate nor missing.
// A filtered page is held to what the job could have become while the page was read.
import type { LifecycleModel } from '../model/lifecycle.js';
import type { FailureDraft, ListedItem, Purpose } from './types.js';

type Walk = Extract<Purpose, { kind: 'list-walk' }>;
type Filtered = Extract<Purpose, { kind: 'list-filter' }>;

export function walkProblems(p: Walk): FailureDraft[] {
  const out: FailureDraft[] = [];
  const changed = new Set(p.jobs.filter((j) => j.before === undefined || j.after === undefined || j.before !== j.after).map((j) => j.job.id));
  const mayMove = (id: string, seen: ListedItem[]) =>
    p.order === 'unspecified' && (changed.has(id) || new Set(seen.map((s) => s.status)).size > 1 || seen.some((s) => s.status === undefined));
  const byId = new Map<string, ListedItem[]>();
  for (const item of p.items) byId.set(item.id, [...(byId.get(item.id) ?? []), item]);
  for (const [id, seen] of byId) {
    const pages = [...new Set(seen.map((s) => s.page))];
    if (seen.length < 2 || mayMove(id, seen)) continue;
    out.push({
      message: `job ${id} is listed ${seen.length} times, on ${pages.length > 1 ? `pages ${pages.map((n) => n + 1).join(' and ')}` : `page ${pages[0] + 1}`}${seen[0].status ? ` (as "${seen[0].status}")` : ''}`,
      expected: 'each job once in a walk through every page',
      received: `${seen.length} times`,
      key: 'listed twice',
    });
  }
  if (p.complete) {
    for (const j of p.jobs) {
      if (j.gone || j.job.removed || byId.has(j.job.id)) continue;
      if (p.order === 'unspecified' && changed.has(j.job.id)) continue;
      out.push({
        message: `job ${j.job.id} ("${j.before ?? '?'}" before the walk, "${j.after ?? '?'}" after) is on none of the ${new Set(p.items.map((i) => i.page)).size} pages: skipped between pages`,
        expected: 'the job on one page',
        received: 'on none',
        key: 'skipped',
        exchanges: [j.job.created],
      });
    }
  }
  if (p.order !== 'unspecified') {
    // our jobs were created one after another: their first places must follow that order
    const place = (id: string) => p.items.findIndex((i) => i.id === id);
    const listed = p.jobs.filter((j) => place(j.job.id) >= 0);
    for (let a = 0; a < listed.length; a++) {
      for (let b = a + 1; b < listed.length; b++) {
        const older = listed[a];
        const newer = listed[b];
        const wrong = p.order === 'newest' ? place(newer.job.id) > place(older.job.id) : place(newer.job.id) < place(older.job.id);
        if (!wrong) continue;
        out.push({
          message: `job ${newer.job.id} (created after ${older.job.id}) is listed ${p.order === 'newest' ? 'after' : 'before'} it, against the documented ${p.order}-first order`,
          expected: `${p.order} first`,
          received: `${p.items
            .map((i) => i.id)
            .filter((id) => id === older.job.id || id === newer.job.id)
            .join(', ')}`,
          key: 'order',
        });
      }
    }
  }
  return out;
}

/**
 * A filtered page lists only the filter's states. A server reads the matching ids, then each job: a job
 * in a later state of an allowed one may have moved in between (BullMQ's getJobs, then getState), and
 * is set aside; unless one of ours was seen in that ended state before the page was asked for.
 */
export function filterProblems(p: Filtered, model: LifecycleModel): FailureDraft[] {
  const allowed = new Set(p.states);
  const out: FailureDraft[] = [];
  for (const item of p.items) {
    if (item.status === undefined || !model.isState(item.status) || allowed.has(item.status)) continue;
    const endedBefore = p.endedBefore[item.id] === item.status;
    if (!endedBefore && p.states.some((s) => model.canReach(s, item.status!))) continue;
    out.push({
      message: `${p.param}=${p.value} lists job ${item.id} as "${item.status}"${endedBefore ? ', a state it had ended in before the page was asked for' : ''}`,
      expected: `only ${p.states.join(', ')}`,
      received: item.status,
      key: `filter ${p.value} ${item.status}`,
    });
  }
  return out;
}
