// The list operation's declaration guessed from its query parameters and its answer: paging (limit
// with offset, cursor or the last listed id), a filter by state, a creation window, the order.
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
// id paging (OpenAI's after, Stripe's starting_after/ending_before): told apart from an opaque cursor
// by the answer, which says has_more or names its first and last ids
const AFTER_ID = ['after', 'startingafter'];
const BEFORE_ID = ['before', 'endingbefore'];
const ID_PAGE_FIELDS = ['hasmore', 'firstid', 'lastid'];
const UNTIL = ['until', 'createdbefore', 'uploadedbefore', 'submittedbefore', 'createdto', 'to', 'before'];
// a window given in unix seconds only under a name that says it is a time (not a bare after/before id)
const SECONDS_WINDOW = /^(created|uploaded|submitted)/;
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
  const idPaged = Object.keys(objectShape(found.op.success?.schema).properties).some((name) => ID_PAGE_FIELDS.includes(squash(name)));
  const afterId = idPaged ? byName(AFTER_ID, 'string') : undefined;
  const cursor = afterId ? undefined : byName(CURSOR, 'string');
  const offset = cursor || afterId ? undefined : byName(OFFSET);
  if (afterId) {
    out.paging = idPaging(afterId.name, byName(BEFORE_ID, 'string')?.name, limit);
  } else if (limit || cursor || offset) {
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

  const isTime = (p: { name: string; schema: Schema }) =>
    unwrapNull(p.schema).schema.format === 'date-time' || (SECONDS_WINDOW.test(squash(p.name)) && ['integer', 'number'].includes(typeOf(p.schema) ?? ''));
  const since = params.find((p) => SINCE.includes(squash(p.name)) && isTime(p));
  if (since) out.since = note({ param: since.name }, 'only jobs created at or after this time');
  const until = params.find((p) => UNTIL.includes(squash(p.name)) && isTime(p));
  if (until) out.until = note({ param: until.name }, 'only jobs created before this time (exclusive)');

  const text = `${found.op.operation.summary ?? ''} ${found.op.operation.description ?? ''}`.toLowerCase();
  if (/oldest first|ascending|oldest to newest|least recent/.test(text)) out.order = note('oldest', 'the description says oldest first');
  else if (/newest first|most recent|descending|newest to oldest|latest first/.test(text)) out.order = note('newest', 'the description says newest first');
  else out.order = note('newest', 'DECIDE: the order the vendor lists jobs in (newest, oldest or unspecified): the spec does not say');
  return out;
}

/** Paging by the last listed id: the cursor parameters and the page size. */
function idPaging(after: string, before: string | undefined, limit: { name: string; schema: Schema } | undefined): unknown {
  const paging: Record<string, unknown> = { style: 'id' };
  const notes = [`query parameter${before ? 's' : ''} ${[after, before].filter(Boolean).join(' and ')} take a listed job's id, and the answer says has_more`];
  if (limit) {
    const s = unwrapNull(limit.schema).schema;
    const given = Number.isInteger(Number(s.default)) && Number(s.default) > 0;
    paging.limit = { param: limit.name, default: given ? Number(s.default) : 20, ...(Number.isInteger(s.maximum) ? { max: s.maximum } : {}) };
    if (!given) notes.push('DECIDE: the default page size (the spec gives none)');
  }
  paging.after = { param: after };
  if (before) paging.before = { param: before };
  notes.push('a cursor naming no job of the caller answers 400 invalid');
  return note(paging, undefined, notes);
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
    else if (n === 'hasmore' && typeOf(sub) === 'boolean') out[name] = note('{{page.hasMore}}', 'true while more jobs follow this page');
    else if ((n === 'firstid' || n === 'lastid') && (typeOf(sub) ?? 'string') === 'string')
      out[name] = note(
        `{{page.${n === 'firstid' ? 'firstId' : 'lastId'}${unwrapNull(sub).nullable ? '' : '?'}}}`,
        `the id of the page's ${n === 'firstid' ? 'first' : 'last'} job`,
      );
    else if ((n === 'next' || n === 'previous') && unwrapNull(sub).schema.format === 'uri')
      out[name] = note(`{{page.${n}${unwrapNull(sub).nullable ? '' : '?'}}}`, `the URL of the ${n} page, null when there is none`);
    else if (NEXT.includes(n) && (typeOf(sub) ?? 'string') === 'string')
      out[name] = note(unwrapNull(sub).nullable ? '{{page.nextCursor}}' : '{{page.nextCursor?}}', 'set while more jobs remain');
    else if (name in rest) out[name] = rest[name];
  }
  return out;
}
