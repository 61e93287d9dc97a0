// Values that break a schema in one spot each: a deterministic list, every entry checked to fail ajv.
import { sampleOne } from './bounded-filter.js';
import { validatorFor } from './check.js';
import { brokenFormat } from './formats.js';
import { allowedTypes, canonical, isObject, jsonType, mergeSchemas, normalise, type JsonSchema, type JsonType } from './schema.js';
import { validValue } from './values.js';

export interface Mutation {
  /** the JSON Schema keyword the value breaks */
  keyword: string;
  description: string;
  /** the whole value, broken at `path` */
  value: unknown;
  /** where it is broken, as a JSON pointer without the leading slash ('' for the value itself), e.g. documents/0/content */
  path: string;
}

/** Nesting beyond which properties and items are not mutated (keeps the list short on deep schemas). */
const MAX_NESTING = 5;
/** Lengths and counts past which an over-the-limit value would be too big to send. */
const MAX_OVERFLOW = 200_000;

export function invalidValues(schema: JsonSchema): Mutation[] {
  const check = validatorFor(schema);
  const seen = new Set<string>();
  const out: Mutation[] = [];
  for (const m of mutate(schema, baseValue(schema), '', 0)) {
    const key = `${m.path} ${canonical(m.value)}`;
    if (seen.has(key) || check(m.value)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

/** A deterministic valid value with every optional property and at least one item per array. */
function baseValue(schema: JsonSchema): unknown {
  for (const options of [{ optional: 'all', nonEmptyArrays: true, examples: false }, {}] as const) {
    try {
      return sampleOne(validValue(schema, options));
    } catch {
      // too constrained for this option set: try the plainer one
    }
  }
  return undefined;
}

/** A valid value of the schema restricted to one type, for when the base value has another. */
function baseOfType(s: Record<string, any>, type: JsonType, base: unknown): unknown {
  if (jsonType(base) === type || (type === 'number' && typeof base === 'number')) return base;
  return baseValue(mergeSchemas(s, { type }));
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function join(path: string, name: string | number): string {
  return path === '' ? escapePointer(String(name)) : `${path}/${escapePointer(String(name))}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function mutate(schema: JsonSchema, base: unknown, path: string, depth: number): Mutation[] {
  const s = normalise(schema);
  if (s === true) return [];
  if (s === false) return [{ keyword: 'false schema', description: 'any value where none is allowed', value: base ?? 'anything', path }];
  const here = (keyword: string, description: string, value: unknown): Mutation => ({ keyword, description, value, path });
  const types = allowedTypes(s);
  const out: Mutation[] = [...typeMutations(types, here)];
  if (Array.isArray(s.enum)) out.push(here('enum', `a value outside ${show(s.enum)}`, outside(s.enum)));
  if ('const' in s) out.push(here('const', `a value other than ${show(s.const)}`, outside([s.const])));
  const allows = (t: JsonType) => types === undefined || types.includes(t) || (t === 'number' && types.includes('integer'));
  if (allows('string')) out.push(...stringMutations(s, baseOfType(s, 'string', base), here));
  if (allows('number')) out.push(...numberMutations(s, types, here));
  if (allows('array')) {
    const arr = baseOfType(s, 'array', base);
    if (Array.isArray(arr)) out.push(...arrayMutations(s, arr, path, depth, here));
  }
  if (allows('object')) {
    const obj = baseOfType(s, 'object', base);
    if (isObject(obj)) out.push(...objectMutations(s, obj, path, depth, here));
  }
  return out;
}

type Here = (keyword: string, description: string, value: unknown) => Mutation;

const WRONG: Array<[JsonType, unknown]> = [
  ['string', 'not-a-valid-type'],
  ['integer', 12345],
  ['boolean', true],
  ['object', { unexpected: 'object' }],
  ['array', ['unexpected', 'array']],
];

function typeMutations(types: JsonType[] | undefined, here: Here): Mutation[] {
  if (types === undefined) return [];
  const allowed = (t: JsonType) => types.includes(t) || (t === 'integer' && types.includes('number'));
  const wanted = types.join(' or ');
  const out: Mutation[] = [];
  // The most plausible mistake first: a number for a string, a string for anything else.
  const order = types.includes('string') ? [WRONG[1], WRONG[2], WRONG[3], WRONG[4]] : [WRONG[0], WRONG[2], WRONG[1], WRONG[3], WRONG[4]];
  const first = order.find(([t]) => !allowed(t));
  if (first) out.push(here('type', `${show(first[1])} where ${wanted} is required`, first[1]));
  if (types.includes('integer') && !types.includes('number')) out.push(here('type', `a fraction where an integer is required`, 1.5));
  if (!types.includes('null')) out.push(here('type', `null where ${wanted} is required`, null));
  return out;
}

/** A value of the same kind as the listed ones, equal to none of them. */
function outside(values: unknown[]): unknown {
  const taken = new Set(values.map(canonical));
  if (values.length > 0 && values.every((v) => typeof v === 'number')) return Math.max(...(values as number[])) + 1;
  const stem = typeof values.find((v) => typeof v === 'string') === 'string' ? `${values.find((v) => typeof v === 'string')}-not-allowed` : 'not-allowed';
  let candidate = stem;
  for (let i = 2; taken.has(canonical(candidate)); i++) candidate = `${stem}-${i}`;
  return candidate;
}

function stringMutations(s: Record<string, any>, base: unknown, here: Here): Mutation[] {
  const out: Mutation[] = [];
  const text = typeof base === 'string' ? base : '';
  const chars = [...text];
  const broken = brokenFormat(s.format);
  if (broken !== undefined) out.push(here('format', `a string that is not a ${s.format}`, broken));
  if (typeof s.minLength === 'number' && s.minLength > 0) {
    const short = chars.length >= s.minLength - 1 ? chars.slice(0, s.minLength - 1).join('') : 'a'.repeat(s.minLength - 1);
    out.push(here('minLength', `${s.minLength - 1} characters where at least ${s.minLength} are required`, short));
  }
  if (typeof s.maxLength === 'number' && s.maxLength < MAX_OVERFLOW) {
    const long = (text + 'x'.repeat(s.maxLength + 1)).slice(0, s.maxLength + 1 + (text.length - chars.length));
    out.push(here('maxLength', `${s.maxLength + 1} characters where at most ${s.maxLength} are allowed`, long));
  }
  if (typeof s.pattern === 'string') {
    const nonMatching = mismatch(s);
    if (nonMatching !== undefined) out.push(here('pattern', `${show(nonMatching)}, which does not match ${s.pattern}`, nonMatching));
  }
  return out;
}

const PATTERN_BREAKERS = ['~!~', 'not matching ~!', '!', '%%', ' ', 'A', '0', ''];

/** A string outside the pattern, within the length limits when one such is known. */
function mismatch(s: Record<string, any>): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(s.pattern, 'u');
  } catch {
    return undefined;
  }
  const fails = PATTERN_BREAKERS.filter((c) => !regex.test(c));
  const fits = (c: string) => c.length >= (s.minLength ?? 0) && c.length <= (s.maxLength ?? Infinity);
  return fails.find(fits) ?? fails[0];
}

function numberMutations(s: Record<string, any>, types: JsonType[] | undefined, here: Here): Mutation[] {
  const out: Mutation[] = [];
  const integer = types !== undefined && types.includes('integer') && !types.includes('number');
  const step = integer || Number.isInteger(s.minimum ?? s.maximum ?? 0) ? 1 : 0.5;
  if (typeof s.minimum === 'number') out.push(here('minimum', `${s.minimum - step}, below the minimum ${s.minimum}`, s.minimum - step));
  if (typeof s.maximum === 'number') out.push(here('maximum', `${s.maximum + step}, above the maximum ${s.maximum}`, s.maximum + step));
  if (typeof s.exclusiveMinimum === 'number') out.push(here('exclusiveMinimum', `${s.exclusiveMinimum}, not above the exclusive minimum`, s.exclusiveMinimum));
  if (typeof s.exclusiveMaximum === 'number') out.push(here('exclusiveMaximum', `${s.exclusiveMaximum}, not below the exclusive maximum`, s.exclusiveMaximum));
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
    const m = s.multipleOf;
    const start = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : 0;
    const candidates = [start + 1, start + m / 2, start + m * 1.5, m + 1];
    const value = candidates.find((v) => !Number.isInteger(v / m) && v <= (s.maximum ?? Infinity) && v >= (s.minimum ?? -Infinity));
    if (value !== undefined) out.push(here('multipleOf', `${value}, not a multiple of ${m}`, value));
  }
  return out;
}

function arrayMutations(s: Record<string, any>, arr: unknown[], path: string, depth: number, here: Here): Mutation[] {
  const out: Mutation[] = [];
  const item = arr[0] ?? baseValue(s.items ?? true);
  if (typeof s.minItems === 'number' && s.minItems > 0) {
    const short = arr.length >= s.minItems - 1 ? arr.slice(0, s.minItems - 1) : Array(s.minItems - 1).fill(item);
    out.push(here('minItems', `${s.minItems - 1} items where at least ${s.minItems} are required`, short));
  }
  if (typeof s.maxItems === 'number' && s.maxItems < 1000) {
    const long = [...arr, ...Array(Math.max(0, s.maxItems + 1 - arr.length)).fill(item)].slice(0, s.maxItems + 1);
    out.push(here('maxItems', `${s.maxItems + 1} items where at most ${s.maxItems} are allowed`, long));
  }
  if (s.uniqueItems === true && item !== undefined) out.push(here('uniqueItems', 'the same item twice', [item, ...(arr.length ? arr : [item])]));
  if (depth >= MAX_NESTING) return out;
  const prefix: JsonSchema[] = Array.isArray(s.prefixItems) ? s.prefixItems : [];
  prefix.forEach((sub, i) => {
    if (i >= arr.length) return;
    for (const m of mutate(sub, arr[i], join(path, i), depth + 1)) out.push({ ...m, value: arr.map((v, j) => (j === i ? m.value : v)) });
  });
  if (s.items !== undefined && s.items !== true && arr.length > prefix.length) {
    const i = prefix.length;
    for (const m of mutate(s.items, arr[i], join(path, i), depth + 1)) out.push({ ...m, value: arr.map((v, j) => (j === i ? m.value : v)) });
  }
  return out;
}

function objectMutations(s: Record<string, any>, obj: Record<string, unknown>, path: string, depth: number, here: Here): Mutation[] {
  const out: Mutation[] = [];
  const props: Record<string, JsonSchema> = isObject(s.properties) ? s.properties : {};
  const without = (name: string) => Object.fromEntries(Object.entries(obj).filter(([k]) => k !== name));
  for (const name of Array.isArray(s.required) ? s.required : []) {
    if (name in obj) out.push({ keyword: 'required', description: `required property "${name}" left out`, value: without(name), path: join(path, name) });
  }
  const extraName = ['unexpected_property', 'unexpected_property_2'].find((n) => !(n in props)) ?? 'x_unexpected';
  if (s.additionalProperties === false || s.unevaluatedProperties === false) {
    const keyword = s.additionalProperties === false ? 'additionalProperties' : 'unevaluatedProperties';
    out.push({ keyword, description: `undeclared property "${extraName}"`, value: { ...obj, [extraName]: 'unexpected' }, path: join(path, extraName) });
  } else if (isObject(s.additionalProperties) && depth < MAX_NESTING) {
    // A map-like object: an entry whose value breaks the value schema.
    for (const m of mutate(s.additionalProperties, baseValue(s.additionalProperties), join(path, extraName), depth + 1).slice(0, 2)) {
      out.push({ ...m, value: { ...obj, [extraName]: m.value } });
    }
  }
  const keys = Object.keys(obj);
  if (typeof s.minProperties === 'number' && s.minProperties > 0 && keys.length >= s.minProperties) {
    out.push(
      here(
        'minProperties',
        `${s.minProperties - 1} properties where at least ${s.minProperties} are required`,
        Object.fromEntries(Object.entries(obj).slice(0, s.minProperties - 1)),
      ),
    );
  }
  if (typeof s.maxProperties === 'number' && s.maxProperties < 1000) {
    const extra = Object.fromEntries(Array.from({ length: Math.max(0, s.maxProperties + 1 - keys.length) }, (_, i) => [`extra_${i + 1}`, 'x']));
    out.push(here('maxProperties', `${s.maxProperties + 1} properties where at most ${s.maxProperties} are allowed`, { ...obj, ...extra }));
  }
  if (depth >= MAX_NESTING) return out;
  for (const [name, sub] of Object.entries(props)) {
    const current = name in obj ? obj[name] : baseValue(sub);
    for (const m of mutate(sub, current, join(path, name), depth + 1)) out.push({ ...m, value: { ...obj, [name]: m.value } });
  }
  return out;
}
