// Where a list's next page starts: the cursor the answer carries, or, where the cursor is the last
// listed job's id (paging.cursor.by: id) and the answer has no field for it (AssemblyAI's before_id),
// the id of the last item of a full page.
import type { OperationModel } from '../../src/spec/model.js';
import { getAt } from './pointer.js';

export function nextCursorOf(
  op: OperationModel,
  cursorPointer: string | undefined,
  body: unknown,
  list: unknown[],
  idPointer: string | undefined,
  limit: number | undefined,
): unknown {
  if (cursorPointer !== undefined) return getAt(body, cursorPointer).value;
  const paging = op.ext?.paging;
  if (paging?.style !== 'cursor' || paging.cursor?.by !== 'id' || idPointer === undefined || list.length === 0) return undefined;
  // a page shorter than asked for is the last
  if (limit !== undefined && list.length < limit) return undefined;
  const id = getAt(list[list.length - 1], idPointer).value;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
