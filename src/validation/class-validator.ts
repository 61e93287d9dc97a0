// Body validation messages as NestJS's ValidationPipe sends them (errors.validationStyle: nestjs): one
// class-validator default message per failed rule, for the DTO the schema describes, flattened with
// the parent path (`context.persona must be a string`) into the 400's `message` array.
//
// The DTO a schema describes: per property, its type rule (IsString, IsInt, IsNumber, IsBoolean,
// IsObject, IsArray) then its constraints (MaxLength, Min, IsIn…), in source order; an object with
// properties is nested (ValidateNested); array items are checked with `each`; a map of strings
// (additionalProperties: {type: string}) carries the rule "each value in X must be a string".
// class-validator reports a property's rules in reverse source order, nested validation last, and
// properties in declaration order (measured on class-validator 0.15 under @nestjs/common 12).
// A missing or mistyped value fails every rule of its property, since class-validator's rules each
// check the type themselves; a constraint broken on a value of the right type fails only itself.
import type { ValidationDetail } from './details.js';

type Schema = Record<string, any>;

const TYPE_RULES: Record<string, string> = {
  string: '$property must be a string',
  integer: '$property must be an integer number',
  number: '$property must be a number conforming to the specified constraints',
  boolean: '$property must be a boolean value',
  object: '$property must be an object',
  array: '$property must be an array',
};

const FORMAT_RULES: Record<string, string> = {
  uuid: '$property must be a UUID',
  'date-time': '$property must be a valid ISO 8601 date string',
  date: '$property must be a valid ISO 8601 date string',
  email: '$property must be an email',
  uri: '$property must be a URL address',
};

/** The detail types (details.ts) that say the value is absent or of another type. */
const WRONG_VALUE = /^(missing|.*_type)$/;

function typeOf(schema: Schema): string | undefined {
  const t = Array.isArray(schema?.type) ? schema.type.find((x: string) => x !== 'null') : schema?.type;
  if (t) return t;
  if (schema?.properties) return 'object';
  if (schema?.items) return 'array';
  return undefined;
}

function isStringMap(schema: Schema): boolean {
  return typeOf(schema) === 'object' && !schema.properties && typeOf(schema.additionalProperties) === 'string';
}

/** The property's rules in source order, each as [the ajv keyword it stands for, its message]. */
function rules(schema: Schema, each = false): Array<[string, string]> {
  const prefix = each ? 'each value in ' : '';
  const type = typeOf(schema);
  const out: Array<[string, string]> = [];
  if (type && TYPE_RULES[type]) out.push(['type', prefix + TYPE_RULES[type]]);
  if (schema.format && FORMAT_RULES[schema.format]) out.push(['format', prefix + FORMAT_RULES[schema.format]]);
  if (schema.enum) out.push(['enum', `${prefix}$property must be one of the following values: ${schema.enum.join(', ')}`]);
  if (schema.minLength !== undefined) out.push(['minLength', `${prefix}$property must be longer than or equal to ${schema.minLength} characters`]);
  if (schema.maxLength !== undefined) out.push(['maxLength', `${prefix}$property must be shorter than or equal to ${schema.maxLength} characters`]);
  if (schema.pattern !== undefined) out.push(['pattern', `${prefix}$property must match /${schema.pattern}/ regular expression`]);
  if (schema.minimum !== undefined) out.push(['minimum', `${prefix}$property must not be less than ${schema.minimum}`]);
  if (schema.maximum !== undefined) out.push(['maximum', `${prefix}$property must not be greater than ${schema.maximum}`]);
  if (schema.minItems !== undefined) out.push(['minItems', `${prefix}$property must contain at least ${schema.minItems} elements`]);
  if (schema.maxItems !== undefined) out.push(['maxItems', `${prefix}$property must contain no more than ${schema.maxItems} elements`]);
  if (isStringMap(schema)) out.push(['additionalProperties', `${prefix}each value in $property must be a string`]);
  if (type === 'array' && schema.items && !schema.items.properties) out.push(...rules(schema.items, true).map(([k, m]): [string, string] => [`items.${k}`, m]));
  return out;
}

/** The message of each failed rule of one property, in class-validator's order (reverse of source). */
function propertyMessages(name: string, parent: string, schema: Schema, failed: Set<string> | 'all'): string[] {
  const own = rules(schema)
    .filter(([keyword]) => failed === 'all' || failed.has(keyword))
    .map(([, message]) => parent + message.replace(/\$property/g, name))
    .reverse();
  // ValidateNested on a non-object: class-validator's own message, after the others
  if (failed === 'all' && typeOf(schema) === 'object' && schema.properties) own.push(`${parent}nested property ${name} must be either object or array`);
  return own;
}

function keywordOf(detail: ValidationDetail): string {
  switch (detail.type) {
    case 'string_too_long':
      return 'maxLength';
    case 'string_too_short':
      return 'minLength';
    case 'string_pattern_mismatch':
      return 'pattern';
    case 'greater_than_equal':
      return 'minimum';
    case 'less_than_equal':
      return 'maximum';
    case 'too_short':
      return 'minItems';
    case 'too_long':
      return 'maxItems';
    case 'enum':
    case 'literal_error':
      return 'enum';
    default:
      return FORMAT_TYPES.has(detail.type) ? 'format' : detail.type;
  }
}
const FORMAT_TYPES = new Set(['uuid_parsing', 'datetime_parsing', 'date_parsing', 'url_parsing', 'value_error', 'format']);

/**
 * The messages for an object schema and the details found under `at` (body-relative paths).
 * Properties in declaration order; a detail the walk cannot place is left to the caller.
 */
function objectMessages(
  schema: Schema,
  at: (string | number)[],
  details: Array<{ path: (string | number)[]; detail: ValidationDetail }>,
  parent: string,
): string[] {
  const out: string[] = [];
  const props: Record<string, Schema> = schema?.properties ?? {};
  for (const [name, prop] of Object.entries(props)) {
    const mine = details.filter((d) => d.path.length > at.length && d.path[at.length] === name);
    if (mine.length === 0) continue;
    const here = mine.filter((d) => d.path.length === at.length + 1);
    if (here.some((d) => WRONG_VALUE.test(d.detail.type))) {
      out.push(...propertyMessages(name, parent, prop, 'all'));
      continue;
    }
    const failed = new Set(here.map((d) => keywordOf(d.detail)));
    const deeper = mine.filter((d) => d.path.length > at.length + 1);
    if (typeOf(prop) === 'object' && prop.properties) {
      out.push(...propertyMessages(name, parent, prop, failed));
      out.push(...objectMessages(prop, [...at, name], deeper, `${parent}${name}.`));
      continue;
    }
    // items of an array, values of a map: the `each` rules of the property
    for (const d of deeper)
      failed.add(typeOf(prop) === 'array' ? `items.${WRONG_VALUE.test(d.detail.type) ? 'type' : keywordOf(d.detail)}` : 'additionalProperties');
    out.push(...propertyMessages(name, parent, prop, failed));
  }
  return out;
}

/**
 * ValidationPipe's `message` array for these details of a JSON body, or undefined when they are not
 * all about the body (a path or query error keeps its own message) or the body is not JSON at all.
 */
export function classValidatorMessages(details: ValidationDetail[], bodySchema: Schema | undefined): string[] | undefined {
  if (!bodySchema || details.length === 0 || details.some((d) => d.loc[0] !== 'body' || d.type === 'json_invalid')) return undefined;
  // No body, another content type, or a JSON value that is not an object: the pipe validates `{}`
  // (Nest's body is then empty), and every required property fails all its rules.
  const whole = details.some((d) => d.loc.length === 1);
  const placed = whole
    ? (bodySchema.required ?? []).map((name: string) => ({ path: [name], detail: { loc: ['body', name], msg: '', type: 'missing' } }))
    : details.map((d) => ({ path: d.loc.slice(1), detail: d }));
  const messages = objectMessages(bodySchema, [], placed, '');
  return messages.length ? [...new Set(messages)] : undefined;
}
