// How a walk through a list's pages goes on: the next request's paging parameters, and whether a page
// is the last, by the paging style the list declares (offset, opaque cursor, or the last item's id).
import type { ListPaging } from '../../src/spec/extension-types.js';
import type { OperationModel } from '../../src/spec/model.js';
import type { RequestParts } from '../http/build.js';
import { bindingPointer } from '../model/observation.js';
import { getAt } from '../model/pointer.js';

/** Where the walk stands: items read so far and the cursor for the next page. */
export interface PagePosition {
  offset: number;
  cursor?: string;
}

/** What a page's body says of its neighbours, where its template binds it (undefined: not bound). */
export interface PageSignals {
  nextCursor?: unknown;
  hasMore?: unknown;
  next?: unknown;
  firstId?: { value: unknown };
  lastId?: { value: unknown };
}

export function pageSignals(op: OperationModel, body: unknown): PageSignals {
  const read = (path: string) => {
    const pointer = bindingPointer(op.body, path);
    return pointer === undefined ? undefined : { value: getAt(body, pointer).value };
  };
  return {
    nextCursor: read('page.nextCursor')?.value,
    hasMore: read('page.hasMore')?.value,
    next: read('page.next')?.value,
    firstId: read('page.firstId'),
    lastId: read('page.lastId'),
  };
}

/** Adds the paging parameters that ask for the page at `at`. */
export function addPaging(parts: RequestParts, paging: ListPaging | undefined, at: PagePosition): void {
  if (paging?.style === 'offset' && paging.offset && at.offset > 0) parts.query[paging.offset.param] = String(at.offset);
  if (paging?.style === 'cursor' && paging.cursor && at.cursor) parts.query[paging.cursor.param] = at.cursor;
  if (paging?.style === 'id' && paging.after && at.cursor) parts.query[paging.after.param] = at.cursor;
}

/**
 * Whether the page read is the last, and where the next starts. An id-paged list ends where the page
 * says no more follow (has_more, or no next link, whichever its template binds), else at a short page.
 */
export function afterPage(
  paging: ListPaging | undefined,
  signals: PageSignals,
  ids: string[],
  length: number,
  limit: number | undefined,
  at: PagePosition,
): { last: boolean; next: PagePosition } {
  const next: PagePosition = { offset: at.offset + length };
  if (paging?.style === 'cursor') {
    const c = signals.nextCursor;
    return { last: typeof c !== 'string' || c === '', next: { ...next, cursor: typeof c === 'string' ? c : undefined } };
  }
  if (paging?.style === 'offset') return { last: limit === undefined || length < limit, next };
  if (paging?.style === 'id') {
    const lastId = ids.at(-1);
    const more =
      signals.hasMore !== undefined
        ? signals.hasMore === true
        : signals.next !== undefined
          ? typeof signals.next === 'string'
          : limit !== undefined && length >= limit;
    return { last: !more || lastId === undefined, next: { ...next, cursor: lastId } };
  }
  return { last: true, next };
}
