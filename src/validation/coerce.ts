// Query, path, header and form values arrive as strings: give them the types their schemas ask for.
import { MAX_JSON_DEPTH, nestsDeeperThan } from './body.js';

function typesOf(schema: any): Set<string> {
  const out = new Set<string>();
  if (!schema || typeof schema !== 'object') return out;
  if (typeof schema.type === 'string') out.add(schema.type);
  if (Array.isArray(schema.type)) for (const t of schema.type) out.add(t);
  // An untyped enum or const still says what it holds: `{enum: [1, 2]}` reads `?level=1` as a number.
  if (schema.type === undefined) {
    const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
    for (const v of values)
      out.add(v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const sub of schema[key] ?? []) for (const t of typesOf(sub)) out.add(t);
  return out;
}

export function isArraySchema(schema: any): boolean {
  const types = typesOf(schema);
  return types.has('array') && !types.has('string');
}

/** A string as the schema's scalar type, when it reads as one; otherwise the string, for ajv to judge. */
export function coerceScalar(raw: string, schema: any): unknown {
  const types = typesOf(schema);
  if (types.size === 0 || types.has('string')) return raw;
  if (types.has('integer') && /^[-+]?\d+$/.test(raw.trim())) return Number(raw);
  if (types.has('number') && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (types.has('boolean')) {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
  }
  if (types.has('null') && raw === 'null') return null;
  // An object or array form part: OpenAPI's default encoding for those is JSON text.
  // (no deeper than a body may nest: a job's input is echoed back through JSON.stringify)
  if ((types.has('object') || types.has('array')) && /^\s*[[{]/.test(raw) && !nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** The separator of a non-exploded array, by OpenAPI parameter style. */
const SEPARATORS: Record<string, RegExp> = { form: /,/, simple: /,/, spaceDelimited: / |%20/, pipeDelimited: /\|/ };

export function coerceValues(values: string[], schema: any, explode = true, style = 'form'): unknown {
  if (isArraySchema(schema)) {
    const items = explode ? values : values.flatMap((v) => v.split(SEPARATORS[style] ?? /,/));
    return items.map((v) => coerceScalar(v, schema.items));
  }
  return coerceScalar(values[values.length - 1], schema);
}
