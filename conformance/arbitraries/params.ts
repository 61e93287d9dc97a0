// Path, query and header parameters: their values serialised as OpenAPI styles say, and read back as
// a server does (strings coerced by the schema's declared types) to keep only what still means the value.
import fc from 'fast-check';
import type { OperationModel } from '../../src/spec/model.js';
import type { ParameterModel } from '../../src/spec/operation-view.js';
import { boundedFilter } from './bounded-filter.js';
import { isValid } from './check.js';
import { allowedTypes, declaredTypes, isObject, type JsonSchema } from './schema.js';
import { validValue } from './values.js';

export type Location = 'path' | 'query' | 'header';
/** One parameter's share of the query, or a path/header value; undefined: not sent. */
export type Serialised = Record<string, string | string[]> | undefined;

export interface ParamSpec {
  location: Location;
  name: string;
  required: boolean;
  schema: JsonSchema;
  style: string;
  explode: boolean;
  /** a `content` parameter: the value travels JSON-encoded */
  json: boolean;
  /** the parameter as the spec declares it, for its examples */
  parameter: ParameterModel;
}

/** Headers a spec may list but a client does not set as parameters (OpenAPI ignores these three). */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'accept']);

export function paramSpecs(op: OperationModel): ParamSpec[] {
  const out: ParamSpec[] = [];
  for (const p of op.parameters) {
    if (p.in === 'cookie') continue;
    if (p.in === 'header' && RESERVED_HEADERS.has(p.name.toLowerCase())) continue;
    const media = p.content ? Object.values(p.content)[0] : undefined;
    out.push({
      location: p.in,
      name: p.name,
      required: p.required,
      schema: media ? (media.schema ?? true) : (p.schema ?? true),
      style: p.style,
      explode: p.explode,
      json: media !== undefined,
      parameter: p,
    });
  }
  return out;
}

/** Whether the parameter names the job id a lifecycle operation acts on. */
export function isJobId(op: OperationModel, p: ParamSpec): boolean {
  const id = op.ext?.jobId;
  return id !== undefined && id.in === p.location && id.name === p.name;
}

function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

const DELIMITERS: Record<string, string> = { spaceDelimited: ' ', pipeDelimited: '|' };

/** The value as it travels; undefined when it cannot travel (null, or an empty exploded array). */
export function serialise(p: ParamSpec, value: unknown): Serialised {
  if (value === undefined || value === null) return undefined;
  if (p.json) return { [p.name]: JSON.stringify(value) };
  if (Array.isArray(value)) {
    const items = value.map(scalarText);
    if (p.location === 'query' && p.explode && !(p.style in DELIMITERS)) return items.length ? { [p.name]: items } : undefined;
    return { [p.name]: items.join(p.location === 'query' ? (DELIMITERS[p.style] ?? ',') : ',') };
  }
  if (isObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, scalarText(v)] as const);
    if (p.location === 'query' && p.style === 'deepObject') return Object.fromEntries(entries.map(([k, v]) => [`${p.name}[${k}]`, v]));
    if (p.location === 'query' && p.explode) return Object.fromEntries(entries);
    return { [p.name]: entries.map(([k, v]) => (p.explode ? `${k}=${v}` : `${k},${v}`)).join(',') };
  }
  return { [p.name]: scalarText(value) };
}

/** A string as a server reads it for the schema: numbers, booleans and null by the declared types. */
export function readScalar(raw: string, schema: JsonSchema): unknown {
  // Without a declared type, an enum or const of numbers still asks for numbers.
  const declared = declaredTypes(schema);
  const types = declared.size > 0 ? declared : new Set(allowedTypes(schema) ?? []);
  if (types.size === 0 || types.has('string')) return raw;
  if (types.has('integer') && /^[-+]?\d+$/.test(raw.trim())) return Number(raw);
  if (types.has('number') && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (types.has('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (types.has('null') && raw === 'null') return null;
  return raw;
}

function isArraySchema(schema: JsonSchema): boolean {
  const types = declaredTypes(schema);
  return types.has('array') && !types.has('string');
}

function itemsOf(schema: JsonSchema): JsonSchema {
  return isObject(schema) && schema.items !== undefined ? schema.items : true;
}

/** What the server sees for the parameter (undefined when absent): arrays split per style, scalars typed. */
export function readBack(p: ParamSpec, sent: Serialised): unknown {
  const raw = sent?.[p.name];
  if (raw === undefined) return undefined;
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) return undefined;
  if (p.json) {
    try {
      return JSON.parse(values[values.length - 1]);
    } catch {
      return values[values.length - 1];
    }
  }
  if (isArraySchema(p.schema)) {
    const exploded = p.location === 'query' && p.explode && !(p.style in DELIMITERS);
    const items = exploded ? values : values.flatMap((v) => v.split(p.location === 'query' ? (DELIMITERS[p.style] ?? ',') : ','));
    return items.map((v) => readScalar(v, itemsOf(p.schema)));
  }
  return readScalar(values[values.length - 1], p.schema);
}

/** Whether the server would take the sent value as valid (absent counts as valid only when optional). */
export function readsValid(p: ParamSpec, sent: Serialised): boolean {
  const types = declaredTypes(p.schema);
  // Objects spread over several query keys are not rebuilt here; their values are valid by construction.
  if (!p.json && types.has('object') && !types.has('string') && sent !== undefined && !(p.name in sent)) return true;
  const value = readBack(p, sent);
  if (value === undefined) return !p.required;
  return isValid(p.schema, value);
}

const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** Whether the value reaches the server unchanged and on the same route. */
export function sendable(p: ParamSpec, sent: Serialised): boolean {
  if (sent === undefined) return p.location === 'query' || !p.required;
  const values = Object.values(sent).flat();
  if (p.location === 'path') return values.length === 1 && values[0] !== '' && !values[0].includes('/') && values[0] !== '.' && values[0] !== '..';
  // Header values are trimmed and may not hold control characters or non-Latin text.
  if (p.location === 'header') return values.length === 1 && HEADER_VALUE.test(values[0]);
  // Lone surrogates would arrive as U+FFFD.
  return values.every((v) => !/\p{Cs}/u.test(v));
}

/** The schema without its null type: null cannot travel as text. */
export function withoutNull(schema: JsonSchema): JsonSchema {
  if (!isObject(schema) || !Array.isArray(schema.type) || !schema.type.includes('null') || schema.type.length === 1) return schema;
  return { ...schema, type: schema.type.filter((t: string) => t !== 'null') };
}

/** Valid values of the parameter, as they travel. */
export function validParam(p: ParamSpec): fc.Arbitrary<Serialised> {
  const values = validValue(withoutNull(p.schema), { maxDepth: 2 });
  return boundedFilter(
    values.map((v) => serialise(p, v)),
    (sent) => sent !== undefined && sendable(p, sent) && readsValid(p, sent),
    `a valid ${p.location} parameter "${p.name}"`,
  );
}
