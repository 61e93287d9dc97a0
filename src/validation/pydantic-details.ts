// Validation details as FastAPI on pydantic 2 writes them: {type, loc, msg, input} plus ctx where
// pydantic gives one. Types and message templates are pydantic-core's (src/errors/types.rs, 2.41.5,
// message_template_python: FastAPI validates request data in Python mode); the enum wording is
// pydantic's own (`'a', 'b' or 'c'`). Used by APIs declaring `errors.validationStyle: pydantic`.
import type { ErrorObject } from 'ajv';
import { pathOf, quoteList, type ValidationDetail, type ValidationStyle } from './details.js';
export { quoteList } from './details.js';
import { readUuid } from './uuid-pydantic.js';

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let v: any = root;
  for (const part of path) v = v === null || typeof v !== 'object' ? undefined : v[part];
  return v;
}

const plural = (n: number) => (n === 1 ? '' : 's');

/** The item for a value of the wrong JSON type, as pydantic's lax Python-mode validators word it. */
function typeError(expected: string, value: unknown, schema: any): Omit<ValidationDetail, 'loc'> {
  switch (expected) {
    case 'string':
      return { type: 'string_type', msg: 'Input should be a valid string' };
    case 'integer':
      if (typeof value === 'number') return { type: 'int_from_float', msg: 'Input should be a valid integer, got a number with a fractional part' };
      if (typeof value === 'string') return { type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer' };
      return { type: 'int_type', msg: 'Input should be a valid integer' };
    case 'number':
      if (typeof value === 'string') return { type: 'float_parsing', msg: 'Input should be a valid number, unable to parse string as a number' };
      return { type: 'float_type', msg: 'Input should be a valid number' };
    case 'boolean':
      if (typeof value === 'string') return { type: 'bool_parsing', msg: 'Input should be a valid boolean, unable to interpret input' };
      return { type: 'bool_type', msg: 'Input should be a valid boolean' };
    case 'array':
      return { type: 'list_type', msg: 'Input should be a valid list' };
    case 'object':
      // A model (declared properties) or a plain dict
      if (schema && typeof schema === 'object' && schema.properties)
        return { type: 'model_attributes_type', msg: 'Input should be a valid dictionary or object to extract fields from' };
      return { type: 'dict_type', msg: 'Input should be a valid dictionary' };
    case 'null':
      return { type: 'none_required', msg: 'Input should be None' };
    default:
      return { type: `${expected}_type`, msg: `Input should be a valid ${expected}` };
  }
}

/** speedate's wording for the commonest malformed datetimes (pydantic-core's datetime parsing). */
function datetimeError(text: string): string {
  if (text.length < 10) return 'input is too short';
  if (!/^\d{4}/.test(text)) return 'invalid character in year';
  if (text[4] !== '-') return 'invalid date separator, expected `-`';
  if (!/^\d{4}-\d{2}/.test(text)) return 'invalid character in month';
  if (text[7] !== '-') return 'invalid date separator, expected `-`';
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return 'invalid character in day';
  if (text.length > 10 && !'Tt _'.includes(text[10])) return 'invalid datetime separator, expected `T`, `t`, `_` or space';
  return 'invalid datetime format';
}

function describe(e: ErrorObject, value: unknown): Omit<ValidationDetail, 'loc'> & { extra?: string } {
  const p = e.params as Record<string, any>;
  const schema = (e as any).parentSchema;
  switch (e.keyword) {
    case 'required':
      return { type: 'missing', msg: 'Field required', extra: p.missingProperty };
    case 'additionalProperties':
      return { type: 'extra_forbidden', msg: 'Extra inputs are not permitted', extra: p.additionalProperty };
    case 'enum': {
      const expected = quoteList(p.allowedValues);
      return { type: 'enum', msg: `Input should be ${expected}`, ctx: { expected } };
    }
    case 'const': {
      const expected = quoteList([p.allowedValue]);
      return { type: 'literal_error', msg: `Input should be ${expected}`, ctx: { expected } };
    }
    case 'type':
      if (schema?.format === 'uuid' && value !== null) return { type: 'uuid_type', msg: 'UUID input should be a string, bytes or UUID object' };
      return typeError(String(p.type).split(',')[0], value, schema);
    case 'format':
      if (p.format === 'uuid') {
        if (typeof value !== 'string') return { type: 'uuid_type', msg: 'UUID input should be a string, bytes or UUID object' };
        const reading = readUuid(value);
        const error = reading.ok ? 'invalid UUID' : reading.error;
        return { type: 'uuid_parsing', msg: `Input should be a valid UUID, ${error}`, ctx: { error } };
      }
      if (p.format === 'date-time') {
        const error = datetimeError(String(value));
        return { type: 'datetime_from_date_parsing', msg: `Input should be a valid datetime or date, ${error}`, ctx: { error } };
      }
      if (p.format === 'date') {
        const error = datetimeError(String(value));
        return { type: 'date_from_datetime_parsing', msg: `Input should be a valid date or datetime, ${error}`, ctx: { error } };
      }
      return { type: 'value_error', msg: `Value error, not a valid ${p.format}`, ctx: { error: `not a valid ${p.format}` } };
    case 'maxLength':
      return { type: 'string_too_long', msg: `String should have at most ${p.limit} character${plural(p.limit)}`, ctx: { max_length: p.limit } };
    case 'minLength':
      return { type: 'string_too_short', msg: `String should have at least ${p.limit} character${plural(p.limit)}`, ctx: { min_length: p.limit } };
    case 'pattern':
      return { type: 'string_pattern_mismatch', msg: `String should match pattern '${p.pattern}'`, ctx: { pattern: p.pattern } };
    case 'minimum':
      return { type: 'greater_than_equal', msg: `Input should be greater than or equal to ${p.limit}`, ctx: { ge: p.limit } };
    case 'maximum':
      return { type: 'less_than_equal', msg: `Input should be less than or equal to ${p.limit}`, ctx: { le: p.limit } };
    case 'exclusiveMinimum':
      return { type: 'greater_than', msg: `Input should be greater than ${p.limit}`, ctx: { gt: p.limit } };
    case 'exclusiveMaximum':
      return { type: 'less_than', msg: `Input should be less than ${p.limit}`, ctx: { lt: p.limit } };
    case 'minItems': {
      const actual = Array.isArray(value) ? value.length : 0;
      return {
        type: 'too_short',
        msg: `List should have at least ${p.limit} item${plural(p.limit)} after validation, not ${actual}`,
        ctx: { field_type: 'List', min_length: p.limit, actual_length: actual },
      };
    }
    case 'maxItems': {
      const actual = Array.isArray(value) ? value.length : 0;
      return {
        type: 'too_long',
        msg: `List should have at most ${p.limit} item${plural(p.limit)} after validation, not ${actual}`,
        ctx: { field_type: 'List', max_length: p.limit, actual_length: actual },
      };
    }
    case 'multipleOf':
      return { type: 'multiple_of', msg: `Input should be a multiple of ${p.multipleOf}`, ctx: { multiple_of: p.multipleOf } };
    default:
      return { type: 'value_error', msg: `Value error, ${e.message ?? 'invalid input'}`, ctx: { error: e.message ?? 'invalid input' } };
  }
}

export interface PydanticOptions {
  /** the validated value (the body, a parameter's value): `input` is read from it */
  root: unknown;
  /**
   * A missing field's `input`: the object it is missing from (a JSON body: pydantic validates the
   * model and reports the dict), or null (parameters and form fields: FastAPI's own missing error).
   */
  missingInput: 'parent' | 'null';
}

export function pydanticDetailsFromAjv(errors: ErrorObject[] | null | undefined, prefix: (string | number)[], options: PydanticOptions): ValidationDetail[] {
  const all = (errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  // Optional[T] fails on T's validator only: pydantic does not report the None branch.
  const otherAt = new Set(all.filter((e) => !(e.keyword === 'type' && (e.params as any).type === 'null')).map((e) => e.instancePath));
  const kept = all.filter((e) => !(e.keyword === 'type' && (e.params as any).type === 'null' && otherAt.has(e.instancePath)));
  const out: ValidationDetail[] = [];
  const seen = new Set<string>();
  for (const e of kept.length ? kept : (errors ?? [])) {
    const at = pathOf(e.instancePath);
    const value = valueAt(options.root, at);
    const { extra, ...item } = describe(e, value);
    const loc = [...prefix, ...at, ...(extra !== undefined ? [extra] : [])];
    const key = `${loc.join('\u0000')}|${item.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const input = item.type === 'missing' ? (options.missingInput === 'parent' ? value : null) : value;
    out.push({ type: item.type, loc, msg: item.msg, input: input === undefined ? null : input, ...(item.ctx ? { ctx: item.ctx } : {}) });
  }
  return out;
}

/** A missing parameter, form field or body: FastAPI's own item (input null). */
export function pydanticMissing(loc: (string | number)[]): ValidationDetail {
  return { type: 'missing', loc, msg: 'Field required', input: null };
}

/** Python's json module wording for what V8's JSON.parse reports (FastAPI's json_invalid ctx.error). */
const JSON_MESSAGES: [RegExp, string][] = [
  [/Expected property name/, 'Expecting property name enclosed in double quotes'],
  [/non-whitespace character after JSON/, 'Extra data'],
  [/Expected ',' or '[}\]]'/, "Expecting ',' delimiter"],
  [/Expected ':'/, "Expecting ':' delimiter"],
  [/Unterminated string/, 'Unterminated string starting at'],
  [/Bad control character/, 'Invalid control character at'],
];

/** FastAPI's item for a body that is not JSON: loc ['body', position], msg "JSON decode error". */
export function pydanticJsonInvalid(parserMessage: string): ValidationDetail {
  const position = /position (\d+)/.exec(parserMessage);
  const error = JSON_MESSAGES.find(([re]) => re.test(parserMessage))?.[1] ?? 'Expecting value';
  return { type: 'json_invalid', loc: ['body', position ? Number(position[1]) : 0], msg: 'JSON decode error', input: {}, ctx: { error } };
}

/** The details of a body that could not be read (malformed JSON or multipart, bad UTF-8). */
export function bodyReadDetails(read: { reason: string; message: string }, style: ValidationStyle | undefined): ValidationDetail[] {
  if (style === 'pydantic' && read.reason === 'malformed_json') return [pydanticJsonInvalid(read.message)];
  if (style === 'pydantic') return [{ type: read.reason, loc: ['body'], msg: read.message, input: null }];
  return [{ loc: ['body'], msg: read.message, type: read.reason === 'malformed_json' ? 'json_invalid' : read.reason }];
}
