// Turns ajv errors into FastAPI-style details ({loc, msg, type}) that every API's envelope can carry.
import type { ErrorObject } from 'ajv';

export interface ValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
  /** pydantic style: the offending value (null for a missing parameter) */
  input?: unknown;
  /** pydantic style: the error's context, where pydantic gives one */
  ctx?: Record<string, unknown>;
}

/** How an API words its validation details: FastAPI's classic {loc, msg, type}, or pydantic 2's items. */
// nestjs words the envelope's message (src/validation/class-validator.ts); its details are the default ones.
export type ValidationStyle = 'default' | 'fastapi' | 'pydantic' | 'nestjs';

export function quoteList(values: unknown[]): string {
  const quoted = values.map((v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v)));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

export function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const FORMAT_MESSAGES: Record<string, [string, string]> = {
  uuid: ['Input should be a valid UUID', 'uuid_parsing'],
  'date-time': ['Input should be a valid datetime', 'datetime_parsing'],
  date: ['Input should be a valid date', 'date_parsing'],
  email: ['Input should be a valid email address', 'value_error'],
  uri: ['Input should be a valid URL', 'url_parsing'],
};

function describe(e: ErrorObject): { msg: string; type: string; extra?: string } {
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'required':
      return { msg: 'Field required', type: 'missing', extra: p.missingProperty };
    case 'additionalProperties':
      return { msg: 'Extra inputs are not permitted', type: 'extra_forbidden', extra: p.additionalProperty };
    // a closed allOf (vendor-schemas.ts) refuses a stray property through this keyword
    case 'unevaluatedProperties':
      return { msg: 'Extra inputs are not permitted', type: 'extra_forbidden', extra: p.unevaluatedProperty };
    case 'enum':
      return { msg: `Input should be ${quoteList(p.allowedValues)}`, type: 'enum' };
    case 'const':
      return { msg: `Input should be ${quoteList([p.allowedValue])}`, type: 'literal_error' };
    case 'type': {
      const type = String(p.type).split(',')[0];
      const name =
        {
          integer: 'a valid integer',
          number: 'a valid number',
          boolean: 'a valid boolean',
          string: 'a valid string',
          array: 'a valid list',
          object: 'a valid dictionary',
          null: 'None',
        }[type] ?? `of type ${p.type}`;
      return { msg: `Input should be ${name}`, type: `${type === 'object' ? 'dict' : type === 'array' ? 'list' : type}_type` };
    }
    case 'format':
      return FORMAT_MESSAGES[p.format]
        ? { msg: FORMAT_MESSAGES[p.format][0], type: FORMAT_MESSAGES[p.format][1] }
        : { msg: `Input should match format "${p.format}"`, type: 'format' };
    case 'maxLength':
      return { msg: `String should have at most ${p.limit} character${p.limit === 1 ? '' : 's'}`, type: 'string_too_long' };
    case 'minLength':
      return { msg: `String should have at least ${p.limit} character${p.limit === 1 ? '' : 's'}`, type: 'string_too_short' };
    case 'pattern':
      return { msg: `String should match pattern '${p.pattern}'`, type: 'string_pattern_mismatch' };
    case 'minimum':
      return { msg: `Input should be greater than or equal to ${p.limit}`, type: 'greater_than_equal' };
    case 'maximum':
      return { msg: `Input should be less than or equal to ${p.limit}`, type: 'less_than_equal' };
    case 'exclusiveMinimum':
      return { msg: `Input should be greater than ${p.limit}`, type: 'greater_than' };
    case 'exclusiveMaximum':
      return { msg: `Input should be less than ${p.limit}`, type: 'less_than' };
    case 'minItems':
      return { msg: `List should have at least ${p.limit} item${p.limit === 1 ? '' : 's'}`, type: 'too_short' };
    case 'maxItems':
      return { msg: `List should have at most ${p.limit} item${p.limit === 1 ? '' : 's'}`, type: 'too_long' };
    case 'uniqueItems':
      return { msg: 'List should have unique items', type: 'unique_items' };
    default:
      return { msg: e.message ?? 'Invalid input', type: e.keyword };
  }
}

export function detailsFromAjv(errors: ErrorObject[] | null | undefined, prefix: (string | number)[]): ValidationDetail[] {
  const out: ValidationDetail[] = [];
  const seen = new Set<string>();
  // anyOf/oneOf report their branches' errors too; the branch errors say more.
  const branchy = (errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  for (const e of branchy.length ? branchy : (errors ?? [])) {
    const { msg, type, extra } = describe(e);
    const loc = [...prefix, ...pathOf(e.instancePath), ...(extra !== undefined ? [extra] : [])];
    const key = `${loc.join('\u0000')}|${msg}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ loc, msg, type });
  }
  return out;
}

/** One sentence for envelopes that carry a single message: `body.sources[0].content: Field required`. */
export function firstMessage(details: ValidationDetail[]): string {
  const d = details[0];
  if (!d) return 'Invalid request';
  const where = d.loc.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : '';
  return `${where ? `${where}: ` : ''}${d.msg}${more}`;
}
