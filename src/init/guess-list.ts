// The list operation's declaration guessed from its query parameters and its answer: paging (limit
// with offset or cursor), a filter by state, a created-since parameter, the order.
import { note, plain } from './commented-yaml.js';
import { enumValues, mediaExamples, objectShape, typeOf, unwrapNull, valueAt } from './schema-view.js';
import type { ListFound } from './find-roles.js';
import { templateOf, type TemplateContext } from './guess-templates.js';

type Schema = Record<string, any>;

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const LIMIT = ['limit', 'pagesize', 'perpage', 'maxresults', 'size', 'count', 'first', 'top'];
const OFFSET = ['offset', 'skip', 'start'];
const CURSOR = ['cursor', 'after', 'startingafter', 'pagetoken', 'nexttoken', 'continuationtoken', 'next', 'nextcursor'];
const SINCE = ['since', 'createdafter', 'createdsince', 'uploadedafter', 'submittedafter', 'from', 'createdfrom', 'after'];
const TOTAL = ['total', 'count', 'totalcount', 'totaljobs', 'totalitems', 'totalresults', 'totalsize'];
const NEXT = ['nextcursor', 'cursor', 'nextpagetoken', 'nexttoken', 'next', 'continuationtoken', 'after'];

function queryParams(found: ListFound): Array<{ name: string; schema: Schema }> {
  return (found.op.operation.parameters ?? []).filter((p: any) => p?.in === 'query').map((p: any) => ({ name: String(p.name), schema: p.schema ?? {} }));
}

/** The list's x-jobtwin: body, item, paging, filter, since, order; each with why. */
export function guessList(found: ListFound, states: string[], ctx: TemplateContext): Record<string, unknown> {
  const params = queryParams(found);
  const byName = (names: string[], type?: string) =>
    params.find((p) => names.includes(squash(p.name)) && (type === undefined || typeOf(p.schema) === type || typeOf(p.schema) === undefined));
  const out: Record<string, unknown> = { role: 'list' };
  out.body = found.itemsPath.length ? bodyOf(found) : note('{{page.items}}', 'the answer is the array of jobs');
  out.item = templateOf(found.items, { ...ctx, examples: listItemExamples(found) });

  const limit = byName(LIMIT);
  const cursor = byName(CURSOR, 'string');
  const offset = cursor ? undefined : byName(OFFSET);
  if (limit || cursor || offset) {
    // with a limit alone, style offset without an offset parameter: the first page only
    const paging: Record<string, unknown> = { style: cursor ? 'cursor' : 'offset' };
    const defaultGiven = limit && Number.isInteger(Number(unwrapNull(limit.schema).schema.default)) && Number(unwrapNull(limit.schema).schema.default) > 0;
    if (limit) {
      const s = unwrapNull(limit.schema).schema;
      paging.limit = { param: limit.name, default: defaultGiven ? Number(s.default) : 20, ...(Number.isInteger(s.maximum) ? { max: s.maximum } : {}) };
    }
    if (cursor ?? offset) paging[cursor ? 'cursor' : 'offset'] = { param: (cursor ?? offset)!.name };
    const named = [limit, cursor ?? offset].filter((p) => p !== undefined).map((p) => p.name);
    const notes = [`query parameter${named.length > 1 ? 's' : ''} ${named.join(' and ')}`];
    if (limit && !defaultGiven) notes.push('DECIDE: the default page size (the spec gives none)');
    if (cursor && !JSON.stringify(plain(out.body)).includes('page.nextCursor'))
      notes.push(
        `DECIDE: the answer has no next-cursor field for the twin to fill ({{page.nextCursor}}), and ${cursor.name} takes only the twin's own cursors: a client cannot page past the first page`,
      );
    out.paging = note(paging, undefined, notes);
  }

  const filter = params.map((p) => ({ p, values: enumValues(p.schema) })).find(({ values }) => values.length && values.some((v) => states.includes(v)));
  if (filter) {
    const values: Record<string, unknown> = {};
    const unmapped: string[] = [];
    for (const value of filter.values) {
      if (states.includes(value)) values[value] = [value];
      else if (['all', 'any', '*'].includes(value.toLowerCase())) values[value] = '*';
      else unmapped.push(value);
    }
    out.filter = note({ param: filter.p.name, values }, undefined, [
      `query parameter ${filter.p.name} takes state names`,
      ...(unmapped.length ? [`DECIDE: which states ${unmapped.join(', ')} stand for (left out: the twin refuses them)`] : []),
    ]);
  }

  const since = params.find((p) => SINCE.includes(squash(p.name)) && unwrapNull(p.schema).schema.format === 'date-time');
  if (since) out.since = note({ param: since.name }, 'only jobs created at or after this time');

  const text = `${found.op.operation.summary ?? ''} ${found.op.operation.description ?? ''}`.toLowerCase();
  if (/oldest first|ascending|oldest to newest|least recent/.test(text)) out.order = note('oldest', 'the description says oldest first');
  else if (/newest first|most recent|descending|newest to oldest|latest first/.test(text)) out.order = note('newest', 'the description says newest first');
  else out.order = note('newest', 'DECIDE: the order the vendor lists jobs in (newest, oldest or unspecified): the spec does not say');
  return out;
}

/** The jobs the list's documented examples show. */
export function listItemExamples(found: ListFound): unknown[] {
  return mediaExamples(found.op.success?.media).flatMap((example) => {
    const items = valueAt(example, found.itemsPath);
    return Array.isArray(items) ? items : [];
  });
}

/** The list answer: the array of jobs, the total and the next cursor filled, the rest as for any answer. */
function bodyOf(found: ListFound): Record<string, unknown> {
  const schema = found.op.success?.schema;
  const { properties } = objectShape(schema);
  const rest = templateOf(schema, { examples: mediaExamples(found.op.success?.media) });
  const out: Record<string, unknown> = {};
  const [itemsName] = found.itemsPath;
  for (const [name, sub] of Object.entries(properties)) {
    const n = squash(name);
    if (name === itemsName) out[name] = note('{{page.items}}', 'the page of jobs');
    else if (TOTAL.includes(n) && ['integer', 'number'].includes(typeOf(sub) ?? ''))
      out[name] = note('{{page.total}}', 'every matching job, not only this page');
    else if (NEXT.includes(n) && (typeOf(sub) ?? 'string') === 'string')
      out[name] = note(unwrapNull(sub).nullable ? '{{page.nextCursor}}' : '{{page.nextCursor?}}', 'set while more jobs remain');
    else if (name in rest) out[name] = rest[name];
  }
  return out;
}
