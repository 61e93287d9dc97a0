// A list's declared query parameters (filter, paging, time window) checked against the operation's
// own: a name the document does not have would be read from requests no client sends, silently.
import type { OperationExtension } from './extension-types.js';
import type { OperationModel } from './model.js';
import { SpecError } from './spec-error.js';

/** Which paging field each style reads; a field of another style is a mistake, not a no-op. */
const STYLE_FIELDS = { offset: ['offset'], cursor: ['cursor'], id: ['after', 'before'] } as const;
const PAGING_FIELDS = ['offset', 'cursor', 'after', 'before'] as const;

export function checkListParams(where: string, model: Pick<OperationModel, 'parameters'>, opExt: OperationExtension): void {
  if (opExt.role !== 'list') return;
  const named: Array<[string, string | undefined]> = [
    ['filter', opExt.filter?.param],
    ['since', opExt.since?.param],
    ['until', opExt.until?.param],
  ];
  const paging = opExt.paging;
  if (paging) {
    named.push(['paging/limit', paging.limit?.param]);
    const own: readonly string[] = STYLE_FIELDS[paging.style];
    for (const field of PAGING_FIELDS) {
      if (paging[field] === undefined) continue;
      if (!own.includes(field))
        throw new SpecError(`${where}/x-jobtwin/paging/${field}: paging style "${paging.style}" does not read ${field} (it reads ${own.join(', ')})`);
      named.push([`paging/${field}`, paging[field]?.param]);
    }
  }
  for (const [spot, name] of named) {
    if (name === undefined) continue;
    if (!model.parameters.some((p) => p.in === 'query' && p.name === name))
      throw new SpecError(`${where}/x-jobtwin/${spot}/param: the operation has no query parameter "${name}"`);
  }
}
