// list_paging and list_window judged on hand-built walks of the list-batch fixture (OpenAI's
// {object: list, data, first_id, last_id, has_more}): a failing and a passing case for each rule.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPaging } from '../../../conformance/checks/list-paging.js';
import { listWindow } from '../../../conformance/checks/list-window.js';
import type { PageRead, Purpose, WalkedJob } from '../../../conformance/checks/types.js';
import { answer, contextOf, job, judge, keys, loadSpec } from './fixture.js';

const DIR = join(import.meta.dirname, '../../../fixtures/specs/vendor30');
const API = await loadSpec(join(DIR, 'list-batch.openapi.yaml'), [join(DIR, 'list-batch.overlay.yaml')]);

const ours = (...ids: string[]): WalkedJob[] => ids.map((id) => ({ job: job(id), before: 'completed', after: 'completed', gone: false }));

/** A page as the twin answers it: its ids, first and last ids that match, has_more as given. */
function page(ids: string[], hasMore: boolean, cursor?: string, edges: { first?: unknown; last?: unknown } = {}): PageRead {
  return {
    ids,
    cursor,
    hasMore,
    firstId: { value: 'first' in edges ? edges.first : (ids[0] ?? null) },
    lastId: { value: 'last' in edges ? edges.last : (ids.at(-1) ?? null) },
  };
}

function paging(pages: PageRead[], extra: Partial<Extract<Purpose, { kind: 'list-paging' }>> = {}) {
  return contextOf(API, 'listBatches', { kind: 'list-paging', pages, complete: true, jobs: ours('b1', 'b2', 'b3'), order: 'newest', ...extra });
}

const ok = answer(200, { object: 'list', data: [], first_id: null, last_id: null, has_more: false });

describe('list_paging', () => {
  it('passes a walk that lists each job once, newest first, with honest pages and an empty page after the last', () => {
    const walk = paging([page(['b3', 'b2'], true), page(['b1'], false, 'b2')], { probe: { cursor: 'b1', ids: [] } });
    expect(judge(listPaging, walk, ok)).toEqual([]);
  });

  it('fails a cursor whose page skips a job, or lists one twice', () => {
    const skipped = judge(listPaging, paging([page(['b3'], true), page(['b1'], false, 'b3')]), ok)!;
    expect(skipped.map((d) => d.key)).toEqual(['skipped']);
    expect(skipped[0].message).toMatch(
      /^walking by cursor: job b2 .* skipped between pages: the page after b3 \(page 2\) left it out \(pages asked for after b3\)$/,
    );
    expect(keys(listPaging, paging([page(['b3', 'b2'], true), page(['b2', 'b1'], false, 'b2')]), ok)).toEqual(['listed twice']);
  });

  it('fails jobs out of the documented order across pages', () => {
    expect(keys(listPaging, paging([page(['b1', 'b2'], true), page(['b3'], false, 'b2')]), ok)).toContain('order');
  });

  it('fails a has_more that says more follow when the next page is empty, and one that says none when some do', () => {
    expect(keys(listPaging, paging([page(['b3', 'b2', 'b1'], true), page([], true, 'b1')]), ok)).toEqual(['has_more true', 'has_more true at the end']);
    const stopped = paging([page(['b3', 'b2'], false)], { jobs: ours('b2', 'b3'), probe: { cursor: 'b2', ids: ['b1'] } });
    expect(keys(listPaging, stopped, ok)).toEqual(['has_more false']);
    // oldest first, a job created after the walk belongs after the last page: only ours count there
    const oldest = (ids: string[]) => paging([page(['b1', 'b2', 'b3'], false)], { order: 'oldest', probe: { cursor: 'b3', ids } });
    expect(judge(listPaging, oldest(['b7']), ok)).toEqual([]);
    expect(keys(listPaging, oldest(['b3']), ok)).toEqual(['has_more false']);
  });

  it("fails a first_id or last_id that is not the page's own", () => {
    const wrong = paging([page(['b3', 'b2'], true, undefined, { first: 'b2' }), page(['b1'], false, 'b2', { last: 'b9' })]);
    const drafts = judge(listPaging, wrong, ok)!;
    expect(drafts.map((d) => d.key)).toEqual(['first id', 'last id']);
    expect(drafts[0].message).toBe('page 1: its first id is "b2", but the page lists b3, b2');
    expect(drafts[1]).toMatchObject({ expected: '"b1"', received: '"b9"' });
    // an empty page's ids are null
    expect(keys(listPaging, paging([page(['b3', 'b2', 'b1'], false), page([], false, 'b1', { first: 'b1' })]), ok)).toEqual(['first id']);
  });
});

describe('list_window', () => {
  const T = Date.parse('2026-01-01T00:00:10Z');
  const since = { param: 'created_after', value: String(T / 1000 - 5), at: T - 5000 };
  const until = { param: 'created_before', value: String(T / 1000), at: T };
  const windowed = (items: Array<{ id: string; createdAt?: number }>) => contextOf(API, 'listBatches', { kind: 'list-window', since, until, items });

  it('passes items created inside the window, since inclusive, and items whose creation time is unknown', () => {
    expect(judge(listWindow, windowed([{ id: 'b1', createdAt: T - 5000 }, { id: 'b2', createdAt: T - 1000 }, { id: 'b9' }]), ok)).toEqual([]);
  });

  it('fails an item created at or after the exclusive until, and one created before since', () => {
    const drafts = judge(
      listWindow,
      windowed([
        { id: 'b3', createdAt: T },
        { id: 'b0', createdAt: T - 6000 },
      ]),
      ok,
    )!;
    expect(drafts.map((d) => d.key)).toEqual(['until', 'since']);
    expect(drafts[0].message).toBe(`job b3, created 2026-01-01T00:00:10.000Z, is listed with created_before=${T / 1000} (only jobs created before it)`);
  });

  it('judges no refused page', () => {
    expect(judge(listWindow, windowed([{ id: 'b3', createdAt: T }]), answer(400, { error: { message: 'bad' } }))).toBeUndefined();
  });
});
