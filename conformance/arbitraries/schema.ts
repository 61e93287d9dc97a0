// Small helpers over JSON Schema 2020-12 objects as OpenAPI 3.1 uses them: types, allOf merging.

import type { JsonSchema } from '../../src/spec/operation-view.js';

export type { JsonSchema };

export const ALL_TYPES = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'] as const;
export type JsonType = (typeof ALL_TYPES)[number];

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON Schema type of a JSON value (a whole number is an integer). */
export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

function declared(schema: Record<string, any>): JsonType[] | undefined {
  if (typeof schema.type === 'string') return [schema.type as JsonType];
  if (Array.isArray(schema.type)) return schema.type as JsonType[];
  return undefined;
}

/** The types a schema node allows by its own keywords (type, const, enum, or the keywords it uses); undefined: any. */
export function ownTypes(schema: Record<string, any>): JsonType[] | undefined {
  const types = declared(schema);
  if (types) return types;
  if ('const' in schema) return [jsonType(schema.const)];
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map(jsonType))];
  if (['properties', 'required', 'additionalProperties', 'propertyNames', 'patternProperties', 'minProperties', 'maxProperties'].some((k) => k in schema))
    return ['object'];
  if (['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'].some((k) => k in schema)) return ['array'];
  if (['minLength', 'maxLength', 'pattern', 'format'].some((k) => k in schema)) {
    return ['int32', 'int64', 'float', 'double'].includes(schema.format) ? ['number'] : ['string'];
  }
  if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].some((k) => k in schema)) return ['number'];
  return undefined;
}

/** Every type a value of the schema may have, anyOf/oneOf branches included; undefined: any. */
export function allowedTypes(schema: JsonSchema): JsonType[] | undefined {
  if (schema === true) return undefined;
  if (schema === false) return [];
  const s = mergeAllOf(schema);
  if (typeof s === 'boolean') return s ? undefined : [];
  const own = ownTypes(s);
  const branches = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  if (branches.length === 0) return own;
  const union = new Set<JsonType>();
  for (const b of branches) {
    const t = allowedTypes(b);
    if (t === undefined) return own;
    for (const x of t) union.add(x);
  }
  if (!own) return [...union];
  return intersectTypes(own, [...union]);
}

/** Types declared with the `type` keyword, through anyOf/oneOf/allOf: how servers coerce string inputs. */
export function declaredTypes(schema: JsonSchema): Set<JsonType> {
  const out = new Set<JsonType>();
  if (!isObject(schema)) return out;
  for (const t of declared(schema) ?? []) out.add(t);
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const sub of schema[key] ?? []) for (const t of declaredTypes(sub)) out.add(t);
  return out;
}

export function intersectTypes(a: JsonType[], b: JsonType[]): JsonType[] {
  const out = new Set<JsonType>();
  for (const t of a) {
    if (b.includes(t)) out.add(t);
    else if (t === 'integer' && b.includes('number')) out.add('integer');
    else if (t === 'number' && b.includes('integer')) out.add('integer');
  }
  return [...out];
}

/** A canonical JSON text (sorted keys), for equality as JSON Schema sees it. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const MIN_KEYS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains'];
const MAX_KEYS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains'];
const SCHEMA_KEYS = ['items', 'additionalProperties', 'propertyNames', 'contains', 'unevaluatedProperties', 'unevaluatedItems'];

function bothSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  return { allOf: [a, b] };
}

/** b's keywords merged into a: both must hold. Keywords the merge cannot express keep a's value. */
export function mergeSchemas(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (!(key in out)) {
      out[key] = value;
      continue;
    }
    const current = out[key];
    if (key === 'properties' && isObject(current) && isObject(value)) {
      const props: Record<string, any> = { ...current };
      for (const [name, sub] of Object.entries(value)) props[name] = name in props ? bothSchemas(props[name], sub) : sub;
      out[key] = props;
    } else if (key === 'required' && Array.isArray(current) && Array.isArray(value)) {
      out[key] = [...new Set([...current, ...value])];
    } else if (key === 'type') {
      const ta = typeof current === 'string' ? [current] : current;
      const tb = typeof value === 'string' ? [value] : value;
      out[key] = intersectTypes(ta, tb);
    } else if (MIN_KEYS.includes(key) && typeof current === 'number' && typeof value === 'number') {
      out[key] = Math.max(current, value);
    } else if (MAX_KEYS.includes(key) && typeof current === 'number' && typeof value === 'number') {
      out[key] = Math.min(current, value);
    } else if (key === 'enum' && Array.isArray(current) && Array.isArray(value)) {
      const keep = new Set(value.map(canonical));
      out[key] = current.filter((v) => keep.has(canonical(v)));
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(current) && Array.isArray(value)) {
      out[key] = current.flatMap((x: JsonSchema) => value.map((y: JsonSchema) => bothSchemas(x, y)));
    } else if (SCHEMA_KEYS.includes(key)) {
      out[key] = bothSchemas(current, value);
    } else if (key === 'uniqueItems') {
      out[key] = current === true || value === true;
    }
  }
  return out;
}

/** The schema with its allOf merged in (recursively at this level); false when a branch is false. */
export function mergeAllOf(schema: JsonSchema): JsonSchema {
  if (typeof schema === 'boolean' || !Array.isArray(schema.allOf)) return schema;
  let out: Record<string, any> = { ...schema };
  delete out.allOf;
  for (const sub of schema.allOf as JsonSchema[]) {
    const merged = mergeAllOf(sub);
    if (merged === true) continue;
    if (merged === false) return false;
    out = mergeSchemas(out, merged);
  }
  return out;
}

/** A node ready to generate from: allOf merged; false when it admits nothing. */
export function normalise(schema: JsonSchema): Record<string, any> | boolean {
  const merged = mergeAllOf(schema);
  if (typeof merged === 'boolean') return merged;
  if (Array.isArray(merged.type) && merged.type.length === 0) return false;
  if (Array.isArray(merged.enum) && merged.enum.length === 0) return false;
  return merged;
}

/** Whether the schema holds a file in a multipart body (format binary, a content media type, or an array of those). */
export function isFileSchema(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  const item = schema.type === 'array' && isObject(schema.items) ? schema.items : schema;
  return item.format === 'binary' || item.contentMediaType !== undefined || item.contentEncoding === 'binary';
}
