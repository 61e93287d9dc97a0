// One ajv for the arbitraries (the project's Ajv2020 with formats), validators compiled once per schema.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import { createAjv } from '../../src/validation/ajv.js';
import type { JsonSchema } from './schema.js';

export type Check = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };

let shared: Ajv2020 | undefined;
const caches = new WeakMap<Ajv2020, WeakMap<object, Check>>();

export function defaultAjv(): Ajv2020 {
  shared ??= createAjv();
  return shared;
}

/** A validator for the schema; a schema ajv cannot compile (e.g. a circular one) accepts everything. */
export function validatorFor(schema: JsonSchema, ajv: Ajv2020 = defaultAjv()): Check {
  if (typeof schema === 'boolean') return () => schema;
  let cache = caches.get(ajv);
  if (!cache) caches.set(ajv, (cache = new WeakMap()));
  let check = cache.get(schema);
  if (!check) {
    try {
      check = ajv.compile(schema) as Check;
    } catch {
      check = () => true;
    }
    cache.set(schema, check);
  }
  return check;
}

export function isValid(schema: JsonSchema, value: unknown, ajv?: Ajv2020): boolean {
  return validatorFor(schema, ajv)(value);
}

/** The keywords of the errors a value gets, or [] when it is valid. */
export function failingKeywords(schema: JsonSchema, value: unknown, ajv?: Ajv2020): string[] {
  const check = validatorFor(schema, ajv);
  if (check(value)) return [];
  const keywords = (check.errors ?? []).map((e) => e.keyword);
  return keywords.length ? [...new Set(keywords)] : ['false schema'];
}
