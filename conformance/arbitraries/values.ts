// Values valid against a JSON Schema 2020-12 node, small (bounded depth and sizes) and checked with ajv.
import fc from 'fast-check';
import { boundedFilter } from './bounded-filter.js';
import { isValid, validatorFor } from './check.js';
import { formatArbitrary } from './formats.js';
import { canonical, isObject, mergeSchemas, normalise, ownTypes, type JsonSchema, type JsonType } from './schema.js';

export interface ValueOptions {
  /** nesting below which only required properties and minimum item counts are generated (default 3) */
  maxDepth?: number;
  /** optional properties: sometimes present (default), always, or never */
  optional?: 'some' | 'all' | 'none';
  /** arrays get at least one item when their maxItems allows it */
  nonEmptyArrays?: boolean;
  /** sometimes use a node's examples / example / default (default true) */
  examples?: boolean;
  /** leave out optional readOnly properties (request bodies) */
  omitReadOnly?: boolean;
}

type Options = Required<ValueOptions>;

const DEFAULTS: Options = { maxDepth: 3, optional: 'some', nonEmptyArrays: false, examples: true, omitReadOnly: false };
/** Past this nesting a required chain is taken for a circular schema. */
const HARD_DEPTH = 12;
const SPAN = 1000;

const normalised = new WeakMap<object, Record<string, any> | boolean>();
function norm(schema: JsonSchema): Record<string, any> | boolean {
  if (typeof schema === 'boolean') return schema;
  let out = normalised.get(schema);
  if (out === undefined) normalised.set(schema, (out = normalise(schema)));
  return out;
}

function titleOf(schema: JsonSchema): string {
  if (typeof schema === 'boolean') return String(schema);
  return String(schema.title ?? schema.type ?? 'schema');
}

/** Values valid against the schema; throws on sampling when the schema admits none it can find. */
export function validValue(schema: JsonSchema, options: ValueOptions = {}): fc.Arbitrary<unknown> {
  const o: Options = { ...DEFAULTS, ...options };
  const check = validatorFor(schema);
  let arb: fc.Arbitrary<unknown>;
  try {
    arb = node(schema, 0, o);
  } catch (error) {
    // Reported when a value is drawn, like an exhausted filter, not when the generators are set up.
    const message = (error as Error).message;
    return fc.constant(null).map(() => {
      throw new Error(`${message} (${titleOf(schema)})`);
    });
  }
  return boundedFilter(arb, (v) => check(v), `a valid value of ${titleOf(schema)}`);
}

/** node(), or undefined when the schema admits nothing it can generate (an optional part is then left out). */
function nodeOrNone(schema: JsonSchema, depth: number, o: Options): fc.Arbitrary<unknown> | undefined {
  try {
    return node(schema, depth, o);
  } catch {
    return undefined;
  }
}

function node(schema: JsonSchema, depth: number, o: Options): fc.Arbitrary<unknown> {
  if (depth > HARD_DEPTH) throw new Error('jobtwin arbitraries: schema nests too deep (circular required properties?)');
  const s = norm(schema);
  if (s === false) throw new Error('jobtwin arbitraries: a false schema admits no value');
  if (s === true) return anyValue(depth, o);
  const core = shaped(s, depth, o);
  if (!o.examples) return core;
  const documented = [...(Array.isArray(s.examples) ? s.examples : []), ...('example' in s ? [s.example] : []), ...('default' in s ? [s.default] : [])];
  const usable = documented.filter((v) => v !== undefined && isValid(s, v));
  if (usable.length === 0) return core;
  return fc.oneof({ arbitrary: core, weight: 3 }, { arbitrary: fc.constantFrom(...usable).map((v) => structuredClone(v)), weight: 1 });
}

function shaped(s: Record<string, any>, depth: number, o: Options): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (!Array.isArray(s[key])) continue;
    const rest = { ...s };
    delete rest[key];
    const branches = (s[key] as JsonSchema[])
      .map((b) => norm(b))
      .filter((b) => b !== false)
      .map((b) => nodeOrNone(b === true ? rest : mergeSchemas(rest, b), depth, o))
      .filter((b) => b !== undefined);
    if (branches.length === 0) throw new Error(`jobtwin arbitraries: no satisfiable ${key} branch`);
    return fc.oneof(...branches);
  }
  const types = ownTypes(s);
  if (!types) return anyValue(depth, o, s);
  if (types.length === 0) throw new Error('jobtwin arbitraries: the schema allows no type');
  const arbs = types
    .filter((t) => !(t === 'integer' && types.includes('number')))
    .map((t) => ({ arbitrary: ofType(t, s, depth, o), weight: t === 'null' ? 1 : 3 }));
  return arbs.length === 1 ? arbs[0].arbitrary : fc.oneof(...arbs);
}

function ofType(type: JsonType, s: Record<string, any>, depth: number, o: Options): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringValue(s);
    case 'integer':
      return integerValue(s);
    case 'number':
      return fc.oneof(integerValue(s), doubleValue(s));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayValue(s, depth, o);
    case 'object':
      return objectValue(s, depth, o);
  }
}

/** Small JSON of any type; scalars only at the depth limit. */
function anyValue(depth: number, o: Options, s: Record<string, any> = {}): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(stringValue(s), integerValue(s), fc.boolean(), fc.constant(null));
  if (depth >= o.maxDepth) return scalar;
  const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
  return fc.oneof(
    { arbitrary: scalar, weight: 4 },
    { arbitrary: fc.array(scalar, { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(key, scalar, { maxKeys: 3, noNullPrototype: true }), weight: 1 },
  );
}

function toRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

function stringValue(s: Record<string, any>): fc.Arbitrary<string> {
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = Math.min(typeof s.maxLength === 'number' ? s.maxLength : Infinity, min + 24);
  const length = (v: string) => {
    const n = [...v].length;
    return n >= min && n <= (typeof s.maxLength === 'number' ? s.maxLength : Infinity);
  };
  const regex = typeof s.pattern === 'string' ? toRegExp(s.pattern) : undefined;
  if (regex) {
    return boundedFilter(matchingStrings(s.pattern, regex, min, max), (v) => length(v) && regex.test(v), `a string matching ${s.pattern}`);
  }
  const formatted = formatArbitrary(s.format);
  if (formatted) return min > 0 || typeof s.maxLength === 'number' ? boundedFilter(formatted, length, `a ${s.format} string`) : formatted;
  return fc.string({ minLength: min, maxLength: max });
}

/** Strings for the pattern; lookarounds fast-check cannot generate are dropped, and the caller filters on the full pattern. */
function matchingStrings(pattern: string, regex: RegExp, min: number, max: number): fc.Arbitrary<string> {
  // Long minimum lengths need fast-check's larger repetition counts.
  const options = { maxLength: Math.max(max, 16), ...(min > 8 ? { size: 'medium' as const } : {}) };
  for (const candidate of [regex, toRegExp(pattern.replace(/\(\?<?[=!][^()]*\)/g, ''))]) {
    if (!candidate) continue;
    try {
      return fc.stringMatching(candidate, options);
    } catch {
      // unsupported syntax: try the next form
    }
  }
  return fc.string({ minLength: min, maxLength: max });
}

interface Bounds {
  lo?: number;
  loOpen: boolean;
  hi?: number;
  hiOpen: boolean;
}

function bounds(s: Record<string, any>): Bounds {
  const b: Bounds = { loOpen: false, hiOpen: false };
  if (typeof s.minimum === 'number') b.lo = s.minimum;
  if (typeof s.exclusiveMinimum === 'number' && (b.lo === undefined || s.exclusiveMinimum >= b.lo)) Object.assign(b, { lo: s.exclusiveMinimum, loOpen: true });
  if (s.exclusiveMinimum === true && b.lo !== undefined) b.loOpen = true;
  if (typeof s.maximum === 'number') b.hi = s.maximum;
  if (typeof s.exclusiveMaximum === 'number' && (b.hi === undefined || s.exclusiveMaximum <= b.hi)) Object.assign(b, { hi: s.exclusiveMaximum, hiOpen: true });
  if (s.exclusiveMaximum === true && b.hi !== undefined) b.hiOpen = true;
  return b;
}

function clampSafe(n: number): number {
  return Math.max(Number.MIN_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, n));
}

function integerValue(s: Record<string, any>): fc.Arbitrary<number> {
  const b = bounds(s);
  let lo = b.lo === undefined ? undefined : b.loOpen ? Math.floor(b.lo) + 1 : Math.ceil(b.lo);
  let hi = b.hi === undefined ? undefined : b.hiOpen ? Math.ceil(b.hi) - 1 : Math.floor(b.hi);
  if (lo === undefined && hi === undefined) [lo, hi] = [-SPAN, SPAN];
  lo = clampSafe(lo ?? hi! - SPAN);
  hi = clampSafe(hi ?? lo + SPAN);
  const m = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : undefined;
  if (m === undefined) return fc.integer({ min: lo, max: Math.max(lo, hi) });
  const kLo = Math.ceil(lo / m);
  const kHi = Math.max(kLo, Math.floor(hi / m));
  return fc.integer({ min: kLo, max: Math.min(kHi, kLo + SPAN) }).map((k) => k * m);
}

function doubleValue(s: Record<string, any>): fc.Arbitrary<number> {
  const b = bounds(s);
  if (typeof s.multipleOf === 'number') return integerValue(s);
  const lo = b.lo ?? (b.hi === undefined ? -1e6 : b.hi - 1e6);
  const hi = b.hi ?? lo + 1e6;
  return fc
    .double({ min: lo, max: Math.max(lo, hi), minExcluded: b.loOpen, maxExcluded: b.hiOpen, noNaN: true, noDefaultInfinity: true })
    .map((v) => (Object.is(v, -0) ? 0 : v));
}

function arrayValue(s: Record<string, any>, depth: number, o: Options): fc.Arbitrary<unknown[]> {
  const maxItems = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
  let min = typeof s.minItems === 'number' ? s.minItems : 0;
  if (o.nonEmptyArrays && maxItems >= 1) min = Math.max(min, 1);
  const max = Math.min(maxItems, depth >= o.maxDepth ? min : min + 3);
  const items: JsonSchema = s.items ?? true;
  const prefix: JsonSchema[] = Array.isArray(s.prefixItems) ? s.prefixItems.slice(0, Math.max(max, min)) : [];
  if (prefix.length > 0) {
    const head = fc.tuple(...prefix.map((p) => node(p, depth + 1, o)));
    if (items === false) return head;
    const tail = fc.array(node(items, depth + 1, o), {
      minLength: Math.max(0, min - prefix.length),
      maxLength: Math.max(0, min - prefix.length, max - prefix.length),
    });
    return fc.tuple(head, tail).map(([h, t]) => [...h, ...t]);
  }
  if (items === false) return fc.constant([]);
  const item = node(items, depth + 1, o);
  if (s.uniqueItems === true) return fc.uniqueArray(item, { minLength: min, maxLength: Math.max(min, max), selector: canonical });
  return fc.array(item, { minLength: min, maxLength: Math.max(min, max) });
}

function objectValue(s: Record<string, any>, depth: number, o: Options): fc.Arbitrary<Record<string, unknown>> {
  const props: Record<string, JsonSchema> = isObject(s.properties) ? s.properties : {};
  const required = new Set<string>(Array.isArray(s.required) ? s.required : []);
  const deep = depth >= o.maxDepth;
  const additional: JsonSchema = s.additionalProperties ?? true;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [name, sub] of Object.entries(props)) {
    const isRequired = required.has(name);
    if (!isRequired && (sub === false || deep || o.optional === 'none')) continue;
    if (!isRequired && o.omitReadOnly && isObject(sub) && sub.readOnly === true) continue;
    const arb = isRequired ? node(sub, depth + 1, o) : nodeOrNone(sub, depth + 1, o);
    if (!arb) continue;
    model[name] = arb;
    if (isRequired || o.optional === 'all') requiredKeys.push(name);
  }
  for (const name of required) {
    if (name in props) continue;
    model[name] = node(additional === false ? true : additional, depth + 1, o);
    requiredKeys.push(name);
  }
  const declared = fc.record(model, { requiredKeys, noNullPrototype: true });
  // Extra keys only where the schema asks for them: a map-like object, or too few declared properties.
  const count = Object.keys(model).length;
  const minExtra = Math.max(0, (typeof s.minProperties === 'number' ? s.minProperties : 0) - count);
  const mapLike = isObject(s.additionalProperties) || (count === 0 && additional !== false && !isObject(s.patternProperties));
  if (additional === false || (!mapLike && minExtra === 0) || (deep && minExtra === 0)) return declared;
  const maxExtra = Math.max(minExtra, deep ? minExtra : 2);
  const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/).filter((k) => !(k in props) && k !== '__proto__');
  const extras = fc.dictionary(key, node(additional, depth + 1, o), { minKeys: minExtra, maxKeys: maxExtra, noNullPrototype: true });
  return fc.tuple(declared, extras).map(([d, e]) => ({ ...e, ...d }));
}
