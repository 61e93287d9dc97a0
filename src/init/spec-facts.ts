// What the operations `jobtwin init` found show beyond their roles: the states, where a job's
// result goes, job types, the create request's fields, and the API's name and auth.
import { fileProperties } from '../validation/request.js';
import type { FoundRoles } from './find-roles.js';
import { listItemExamples } from './guess-list.js';
import { RESULT_NAMES, templatable } from './guess-templates.js';
import { enumValues, mediaExamples, mediaOf, objectShape, typeOf } from './schema-view.js';
import { findField, opKey, statesOf, statusScore, type SpecOperation } from './spec-operations.js';

type Schema = Record<string, any>;

/** The states: an enum first (status, list items, results, create), else the values examples show. */
export function statesFrom(found: FoundRoles): { states: string[]; from: 'enum' | 'examples'; where: string } | undefined {
  const sources: Array<{ op: SpecOperation; schema: unknown; examples: unknown[] }> = [];
  const add = (op: SpecOperation | undefined, schema: unknown, examples: unknown[]) => op && sources.push({ op, schema, examples });
  add(found.status?.op, found.status?.op.success?.schema, mediaExamples(found.status?.op.success?.media));
  if (found.list) add(found.list.op, found.list.items, listItemExamples(found.list));
  add(found.results?.op, found.results?.op.success?.schema, mediaExamples(found.results?.op.success?.media));
  add(found.create?.op, found.create?.op.success?.schema, mediaExamples(found.create?.op.success?.media));
  const read = sources.map(({ op, schema, examples }) => {
    const field = findField(schema, statusScore);
    return { op, field, states: field ? statesOf(examples, field) : undefined };
  });
  const pick = read.find((r) => r.states?.from === 'enum') ?? read.find((r) => r.states);
  if (!pick?.states || !pick.field) return undefined;
  return { ...pick.states, where: `/${pick.field.path.join('/')} in ${opKey(pick.op)}` };
}

/** Where job.result goes: a result-like field of the results or status answer, or the results answer's own fields. */
export function resultOf(found: FoundRoles): { schema: Schema; spread: boolean; why: string } | undefined {
  const resultField = (schema: unknown) => findField(schema, (name) => (RESULT_NAMES.includes(name.toLowerCase().replace(/[^a-z0-9]/g, '')) ? 1 : 0), 0);
  const results = found.results?.op.success?.schema;
  if (results && templatable(results)) {
    const field = resultField(results);
    if (field) return { schema: field.schema, spread: false, why: `/${field.path[0]} of ${opKey(found.results!.op)}` };
    const { properties, required } = objectShape(results);
    const parts = Object.fromEntries(Object.entries(properties).filter(([name]) => !required.has(name) && !statusScore(name, properties[name])));
    if (Object.keys(parts).length)
      return { schema: { type: 'object', properties: parts }, spread: true, why: `the optional fields of ${opKey(found.results!.op)}` };
  }
  const status = found.status?.op.success?.schema;
  const field = status ? resultField(status) : undefined;
  return field ? { schema: field.schema, spread: false, why: `/${field.path[0]} of ${opKey(found.status!.op)}` } : undefined;
}

/** The create request's one file field, when it uploads a file (multipart): answers may name that file. */
export function fileFieldOf(found: FoundRoles): string | undefined {
  const body = mediaOf(found.create?.op.operation.requestBody?.content);
  if (!body || !/^multipart\//i.test(body.type)) return undefined;
  const properties = objectShape(body.media.schema).properties;
  const files = [...fileProperties({ properties })].filter((name) => typeOf(properties[name]) !== 'array');
  return files.length === 1 ? files[0] : undefined;
}

/** The create request's top-level JSON properties, with whether each is required. */
export function inputFieldsOf(found: FoundRoles): Map<string, { required: boolean; type?: string }> | undefined {
  const body = mediaOf(found.create?.op.operation.requestBody?.content);
  if (!body || !/json/i.test(body.type)) return undefined;
  const { properties, required } = objectShape(body.media.schema);
  return new Map(Object.entries(properties).map(([name, schema]) => [name, { required: required.has(name), type: typeOf(schema) }]));
}

/** Job types, when the status answer has a type field with an enum. */
export function jobTypesOf(found: FoundRoles): { values: string[]; field: string } | undefined {
  const schema = found.status?.op.success?.schema;
  const field = findField(
    schema,
    (name, s) => (['type', 'jobtype', 'kind'].includes(name.toLowerCase().replace(/[^a-z]/g, '')) && enumValues(s).length ? 1 : 0),
    0,
  );
  return field ? { values: enumValues(field.schema), field: `/${field.path.join('/')}` } : undefined;
}

const STOP_WORDS = new Set([
  'api',
  'apis',
  'the',
  'documentation',
  'docs',
  'service',
  'rest',
  'openapi',
  'spec',
  'specification',
  'of',
  'for',
  'and',
  'http',
  'public',
]);

export function nameOf(document: Schema, given?: string): { value: string; why: string } {
  if (given) return { value: given, why: 'given with --name' };
  const words = String(document.info?.title ?? '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP_WORDS.has(w) && !/^v\d+$/.test(w));
  let value = words.slice(0, 2).join('-') || 'api';
  if (!/^[a-z]/.test(value)) value = `api-${value}`;
  return { value, why: 'from info.title: the mount prefix (/NAME) and the --api name' };
}

export function securityNote(document: Schema): string {
  const schemes = Object.entries<any>(document.components?.securitySchemes ?? {});
  const bearer = schemes.filter(([, s]) => s?.type === 'http' && String(s.scheme).toLowerCase() === 'bearer').map(([n]) => n);
  const other = schemes.filter(([n]) => !bearer.includes(n)).map(([n, s]) => `${n} (${s?.type}${s?.in ? ` in ${s.in}` : ''})`);
  if (!schemes.length) return 'The spec declares no security scheme: clients of the twin must still send a bearer token.';
  if (!other.length) return `The spec's security scheme${bearer.length === 1 ? '' : 's'} ${bearer.join(', ')}: HTTP bearer, as the twin reads it.`;
  const rawKeys = schemes.filter(([, s]) => s?.type === 'apiKey' && s.in === 'header' && String(s.name).toLowerCase() === 'authorization');
  if (!bearer.length && rawKeys.length === schemes.length)
    return `The spec's ${rawKeys.map(([n]) => n).join(', ')} is a key sent as it is in Authorization: the twin reads it so, the key naming the tenant.`;
  return `The spec declares ${other.join(', ')}: the twin reads only bearer tokens, so clients must send one instead.`;
}
