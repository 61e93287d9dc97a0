// Reading a dereferenced JSON Schema (OpenAPI 3.1) the way `jobtwin init` needs: its object
// properties through allOf and a nullable anyOf, whether null is allowed, a sample value it accepts.
// Specs may be circular once dereferenced, so every walk is bounded.

type Schema = Record<string, any>;

const isObject = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The schema without its null alternative (anyOf/oneOf [T, null], type [T, 'null']), and whether null is allowed. */
export function unwrapNull(schema: unknown): { schema: Schema; nullable: boolean } {
  if (!isObject(schema)) return { schema: {}, nullable: false };
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (!Array.isArray(options)) continue;
    const rest = options.filter((o) => !(isObject(o) && o.type === 'null'));
    if (rest.length === 1 && rest.length < options.length) return { schema: rest[0], nullable: true };
  }
  const nullable = (Array.isArray(schema.type) && schema.type.includes('null')) || (Array.isArray(schema.enum) && schema.enum.includes(null));
  return { schema, nullable };
}

/** The schema's type other than null, when it names one (or implies object through properties). */
export function typeOf(schema: unknown): string | undefined {
  const { schema: s } = unwrapNull(schema);
  const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t: unknown) => typeof t === 'string' && t !== 'null');
  if (types.length) return types[0];
  if (isObject(s.properties) || (Array.isArray(s.allOf) && s.allOf.some((p: unknown) => typeOf(p) === 'object'))) return 'object';
  if (s.items !== undefined) return 'array';
  if (Array.isArray(s.enum)) return typeof s.enum.find((v: unknown) => v !== null);
  return undefined;
}

/** The properties and required names of an object schema, allOf branches merged. */
export function objectShape(schema: unknown, depth = 0): { properties: Record<string, Schema>; required: Set<string> } {
  const { schema: s } = unwrapNull(schema);
  const properties: Record<string, Schema> = {};
  const required = new Set<string>();
  if (depth > 8) return { properties, required };
  for (const part of Array.isArray(s.allOf) ? s.allOf : []) {
    const inner = objectShape(part, depth + 1);
    Object.assign(properties, inner.properties);
    inner.required.forEach((r) => required.add(r));
  }
  if (isObject(s.properties)) Object.assign(properties, s.properties);
  if (Array.isArray(s.required)) s.required.forEach((r: unknown) => typeof r === 'string' && required.add(r));
  return { properties, required };
}

/** The string values a schema allows (enum or const), null left out; empty when it names none. */
export function enumValues(schema: unknown, depth = 0): string[] {
  const { schema: s } = unwrapNull(schema);
  if (Array.isArray(s.enum)) return s.enum.filter((v: unknown): v is string => typeof v === 'string');
  if (typeof s.const === 'string') return [s.const];
  if (depth > 4) return [];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (!Array.isArray(s[key])) continue;
    const values = s[key].flatMap((part: unknown) => enumValues(part, depth + 1));
    if (values.length) return [...new Set<string>(values)];
  }
  return [];
}

/** The examples a schema carries (example, examples, default), for reading the values an API sends. */
export function schemaExamples(schema: unknown): unknown[] {
  const { schema: s } = unwrapNull(schema);
  const out: unknown[] = [];
  if (s.example !== undefined) out.push(s.example);
  if (Array.isArray(s.examples)) out.push(...s.examples);
  if (s.default !== undefined) out.push(s.default);
  return out;
}

/** A value the schema accepts: its example, default, first enum value, or one made from its type and bounds. */
export function sampleOf(schema: unknown, depth = 0): unknown {
  const { schema: s, nullable } = unwrapNull(schema);
  const given = schemaExamples(s).find((v) => v !== null);
  if (given !== undefined) return structuredClone(given);
  const values = Array.isArray(s.enum) ? s.enum.filter((v: unknown) => v !== null) : [];
  if (values.length) return values[0];
  if (s.const !== undefined) return s.const;
  if (depth > 6) return nullable ? null : {};
  for (const key of ['oneOf', 'anyOf'] as const) if (Array.isArray(s[key]) && s[key].length) return sampleOf(s[key][0], depth + 1);
  switch (typeOf(s)) {
    case 'object': {
      const { properties, required } = objectShape(s);
      const out: Record<string, unknown> = {};
      for (const name of required) if (properties[name]) out[name] = sampleOf(properties[name], depth + 1);
      return out;
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: Math.min(min, 3) }, () => sampleOf(s.items, depth + 1));
    }
    case 'integer':
    case 'number':
      return numberIn(s);
    case 'boolean':
      // false: a fixed has_more or done that says true would keep a client waiting or paging for ever
      return false;
    case 'string':
      return stringFor(s);
    default:
      return nullable ? null : 'value';
  }
}

/** A sample with every property of an object filled, not only the required ones (a result to show). */
export function fullSampleOf(schema: unknown): unknown {
  if (typeOf(schema) !== 'object' || schemaExamples(unwrapNull(schema).schema).some((v) => v !== null)) return sampleOf(schema);
  const { properties } = objectShape(schema);
  return Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, sampleOf(sub, 1)]));
}

function numberIn(s: Schema): number {
  const integer = typeOf(s) === 'integer';
  let low = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + (integer ? 1 : 0.5) : 1;
  if (integer) low = Math.ceil(low);
  const high = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - (integer ? 1 : 0.5) : undefined;
  return high !== undefined && low > high ? high : low;
}

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00.000Z',
  date: '2026-01-01',
  time: '00:00:00Z',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

function stringFor(s: Schema): string {
  const byFormat = typeof s.format === 'string' ? FORMAT_SAMPLES[s.format] : undefined;
  if (byFormat) return byFormat;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  return 'value'.padEnd(min, 'x');
}

/** The content schema of a response or request body: JSON first, then any media type. */
export function mediaOf(content: unknown): { type: string; media: Schema } | undefined {
  if (!isObject(content)) return undefined;
  const entries = Object.entries(content).filter(([, media]) => isObject(media));
  const json = entries.find(([type]) => /^application\/(.+\+)?json\b/i.test(type)) ?? entries[0];
  return json ? { type: json[0], media: json[1] } : undefined;
}

/** Every example value a media object documents (example, examples.*.value, its schema's examples). */
export function mediaExamples(media: Schema | undefined): unknown[] {
  if (!media) return [];
  const out: unknown[] = [];
  if (media.example !== undefined) out.push(media.example);
  for (const example of Object.values<any>(isObject(media.examples) ? media.examples : {})) if (example?.value !== undefined) out.push(example.value);
  out.push(...schemaExamples(media.schema));
  return out;
}

/** The value at `path` inside an example, when there is one. */
export function valueAt(example: unknown, path: string[]): unknown {
  let value = example;
  for (const key of path) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

export { isObject };
