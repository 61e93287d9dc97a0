// The list, as both sides answer it for the jobs diff created. A target's list also holds the jobs of
// earlier runs and other clients, whose histories differ from anything the twin holds: only the
// items of this run's jobs are compared, with the envelope around them.
import { itemsPointer, layoutOf } from '../../conformance/model/observation.js';
import { getAt } from '../../conformance/model/pointer.js';
import { jobParts } from '../../conformance/runner/jobs.js';
import type { ApiModel } from '../spec/model.js';
import type { Endpoint } from './endpoint.js';
import { shapeOf } from './shape.js';
import type { Answer } from './types.js';

/** The list's first page, its items cut down to the given jobs. */
export async function listOwn(api: ApiModel, side: Endpoint, ids: Set<string>): Promise<Answer | undefined> {
  const op = api.byRole.list;
  if (!op) return undefined;
  const answer = await side.send(op, jobParts(op, ''));
  const items = itemsPointer(op.body);
  const idSpot = layoutOf(op.item, api.ext.lifecycle.running).id;
  if (items === undefined || !idSpot || answer.body === undefined) return answer;
  const body = structuredClone(answer.body);
  const found = getAt(body, items);
  if (!found.found || !Array.isArray(found.value)) return answer;
  const mine = found.value.filter((item) => ids.has(String(getAt(item, idSpot.pointer).value)));
  found.value.splice(0, found.value.length, ...mine);
  return { ...answer, shape: shapeOf(body) };
}
